import { describe, expect, it } from "vitest";
import {
  detectFromFrame,
  detectFromSubprotocol,
  detectFromTarget,
  prepareTarget,
} from "../../../echo-server/protocol/sessions/detect.ts";

describe("detecting a protocol", () => {
  it.each([
    ["ws://h/socket.io/", [], "socketio", "the URL is a Socket.IO endpoint"],
    ["ws://h/chat/?EIO=4&transport=websocket", [], "socketio", "the URL is a Socket.IO endpoint"],
    ["ws://h/graphql", [], "graphql-ws", "the URL ends in /graphql"],
    ["ws://h/api/GraphQL/", [], "graphql-ws", "the URL ends in /graphql"],
    [
      "ws://h/ws",
      ["graphql-transport-ws"],
      "graphql-ws",
      "the subprotocol graphql-transport-ws is offered",
    ],
    ["ws://h/jsonrpc", [], "jsonrpc", "the URL ends in /jsonrpc"],
    ["ws://h/v1/rpc", [], "jsonrpc", "the URL ends in /rpc"],
    ["ws://h/echo", [], undefined, undefined],
    ["ws://h/graphql-playground", [], undefined, undefined],
    ["not a url", [], undefined, undefined],
  ])("from the target %s %j", (url, protocols, protocol, reason) => {
    expect(detectFromTarget(url, protocols)).toEqual(protocol ? { protocol, reason } : undefined);
  });

  it.each([
    ["graphql-transport-ws", "graphql-ws"],
    ["jsonrpc", "jsonrpc"],
    ["jsonrpc-2.0", "jsonrpc"],
    ["graphql-ws", undefined],
    ["", undefined],
  ])("from the chosen subprotocol %j", (subprotocol, protocol) => {
    expect(detectFromSubprotocol(subprotocol)?.protocol).toBe(protocol);
  });

  it.each([
    [
      '0{"sid":"a","upgrades":[],"pingInterval":1,"pingTimeout":1}',
      "server",
      "socketio",
      "the server sent an Engine.IO open packet",
    ],
    ['0{"sid":"a"}', "client", undefined, undefined],
    ['0{"nope":1}', "server", undefined, undefined],
    ['{"jsonrpc":"2.0","id":1,"method":"a"}', "client", "jsonrpc", "a sent frame is JSON-RPC 2.0"],
    [
      '[{"jsonrpc":"2.0","id":1,"result":1}]',
      "server",
      "jsonrpc",
      "a received frame is JSON-RPC 2.0",
    ],
    ['{"type":"connection_init"}', "client", "graphql-ws", "a connection_init message went by"],
    ['{"type":"connection_ack"}', "server", "graphql-ws", "a connection_ack message went by"],
    ['{"type":"message"}', "server", undefined, undefined],
    ["hello", "server", undefined, undefined],
    [`${"[".repeat(10_000)}${"]".repeat(10_000)}`, "server", undefined, undefined],
  ] as const)("from the frame %s (%s)", (frame, from, protocol, reason) => {
    expect(detectFromFrame(frame, from)).toEqual(protocol ? { protocol, reason } : undefined);
  });

  it("not from a binary frame", () => {
    expect(detectFromFrame(new Uint8Array([0x30]), "server")).toBeUndefined();
  });
});

describe("preparing a target", () => {
  it.each([
    [
      "socketio",
      "ws://h/socket.io/",
      [],
      "ws://h/socket.io/?EIO=4&transport=websocket",
      [],
      ["Socket.IO: added EIO=4&transport=websocket to the URL, as Engine.IO needs it"],
    ],
    [
      "socketio",
      "ws://h/socket.io/?EIO=4&transport=websocket&x=1",
      [],
      "ws://h/socket.io/?EIO=4&transport=websocket&x=1",
      [],
      [],
    ],
    [
      "socketio",
      "ws://h/socket.io/?transport=websocket",
      [],
      "ws://h/socket.io/?transport=websocket&EIO=4",
      [],
      ["Socket.IO: added EIO=4 to the URL, as Engine.IO needs it"],
    ],
    [
      "graphql-ws",
      "ws://h/graphql",
      ["x"],
      "ws://h/graphql",
      ["x", "graphql-transport-ws"],
      ["GraphQL: offered the subprotocol graphql-transport-ws, as graphql-ws servers need it"],
    ],
    [
      "graphql-ws",
      "ws://h/graphql",
      ["graphql-transport-ws"],
      "ws://h/graphql",
      ["graphql-transport-ws"],
      [],
    ],
    ["jsonrpc", "ws://h/jsonrpc", [], "ws://h/jsonrpc", [], []],
  ] as const)("%s %s %j", (protocol, url, protocols, wantUrl, wantProtocols, changes) => {
    expect(prepareTarget(protocol, url, protocols)).toEqual({
      url: wantUrl,
      protocols: wantProtocols,
      changes,
    });
  });
});
