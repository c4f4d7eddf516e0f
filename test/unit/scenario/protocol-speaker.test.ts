import { describe, expect, it } from "vitest";
import type { ReceivedFrame } from "../../../echo-server/protocol/scenario/matchers.ts";
import {
  makeProtocolSpeaker,
  type ProtocolSpeaker,
  protocolConfig,
} from "../../../echo-server/protocol/scenario/protocol-speaker.ts";
import type { ScenarioProtocol } from "../../../echo-server/protocol/scenario/types.ts";
import type { ProtocolAction } from "../../../echo-server/protocol/sessions/types.ts";

const OPEN =
  '0{"sid":"e1","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1000000}';

/** One line of a speaker's life: a frame in, an action, or the socket opening. */
type Line = { open: string } | { in: string | number[] } | { act: ProtocolAction };

/**
 * Drives a speaker over a fake socket and writes what happened, one line each:
 * `← frame` received, `  → frame` sent by the session, `  inbox frame` what `expect` steps see.
 */
function script(protocol: ScenarioProtocol, lines: Line[]): string {
  const out: string[] = [];
  let clock = 0;
  const speaker: ProtocolSpeaker = makeProtocolSpeaker(
    protocolConfig(protocol, (value) => value),
    () => clock,
  );
  const show = (frame: ReceivedFrame | string | Uint8Array) => {
    const value =
      typeof frame === "string" || frame instanceof Uint8Array
        ? frame
        : (frame.text ?? frame.bytes);
    return typeof value === "string" ? value : `bytes ${[...(value ?? [])].join(",")}`;
  };
  const events = speaker.events({
    open: () => {},
    message: (frame) => out.push(`  inbox ${show(frame)}`),
    close: () => {},
    error: () => {},
  });
  speaker.attach({ send: (data) => out.push(`  → ${show(data)}`), close: () => {} });
  for (const line of lines) {
    clock += 1;
    if ("open" in line) events.open(line.open);
    else if ("act" in line) {
      const { serials, id } = speaker.act(line.act);
      out.push(
        `act ${line.act.kind}${id !== undefined ? ` id ${id}` : ""} serials ${serials.join(",")}`,
      );
    } else {
      out.push(`← ${show(typeof line.in === "string" ? line.in : new Uint8Array(line.in))}`);
      events.message(
        typeof line.in === "string" ? { text: line.in } : { bytes: new Uint8Array(line.in) },
      );
    }
  }
  return out.join("\n");
}

const golden = (text: string) => text.replace(/^\n/, "").trimEnd().replace(/^ {4}/gm, "");

describe("a scenario client's protocol speaker", () => {
  it.each<[string, ScenarioProtocol, Line[], string]>([
    [
      "Socket.IO: the handshake and pings stay out; events come decoded, attachments in place",
      "socketio",
      [
        { open: "" },
        { in: OPEN },
        { in: '40{"sid":"n1"}' },
        { in: "2" },
        { in: '42["news",{"n":1}]' },
        { in: '451-["file",{"_placeholder":true,"num":0}]' },
        { in: [1, 2, 255] },
        { in: '42/chat,["elsewhere"]' },
        { in: '44/chat,{"message":"no"}' },
        { in: "6" },
      ],
      `
    ← ${OPEN}
      → 40
    ← 40{"sid":"n1"}
    ← 2
      → 3
    ← 42["news",{"n":1}]
      inbox ["news",{"n":1}]
    ← 451-["file",{"_placeholder":true,"num":0}]
    ← bytes 1,2,255
      inbox ["file",{"$bytes":"0102ff"}]
    ← 42/chat,["elsewhere"]
      inbox ["elsewhere"]
    ← 44/chat,{"message":"no"}
    ← 6`,
    ],
    [
      "Socket.IO: a step's ack stays out, an ack for an id never asked too",
      "socketio",
      [
        { open: "" },
        { in: OPEN },
        { in: '40{"sid":"n1"}' },
        { act: { kind: "emit", event: "echo", args: ["a"], ack: true } },
        { in: '430["a"]' },
        { in: '4399["who?"]' },
      ],
      `
    ← ${OPEN}
      → 40
    ← 40{"sid":"n1"}
      → 420["echo","a"]
    act emit id 0 serials 1
    ← 430["a"]
    ← 4399["who?"]`,
    ],
    [
      "GraphQL: connection_ack and the server's pings stay out; a pong to our ping comes in",
      "graphql-ws",
      [
        { open: "graphql-transport-ws" },
        { in: '{"type":"connection_ack"}' },
        { in: '{"type":"ping"}' },
        { in: '{"type":"pong"}' },
        { act: { kind: "subscribe", query: "subscription { tick { seq } }" } },
        { in: '{"id":"1","type":"next","payload":{"data":{"tick":{"seq":1}}}}' },
        { in: '{"id":"9","type":"next","payload":{"data":{}}}' },
        { in: '{"type":"bogus"}' },
      ],
      `
      → {"type":"connection_init"}
    ← {"type":"connection_ack"}
    ← {"type":"ping"}
      → {"type":"pong"}
    ← {"type":"pong"}
      inbox {"type":"pong"}
      → {"id":"1","type":"subscribe","payload":{"query":"subscription { tick { seq } }"}}
    act subscribe id 1 serials 1
    ← {"id":"1","type":"next","payload":{"data":{"tick":{"seq":1}}}}
    ← {"id":"9","type":"next","payload":{"data":{}}}
      inbox {"id":"9","type":"next","payload":{"data":{}}}
    ← {"type":"bogus"}
      inbox {"type":"bogus"}`,
    ],
    [
      "JSON-RPC: a step's response stays out; notifications and other responses come in",
      "jsonrpc",
      [
        { open: "" },
        { act: { kind: "call", calls: [{ method: "add", params: [1, 2] }] } },
        { in: '{"jsonrpc":"2.0","id":1,"result":3}' },
        { in: '{"jsonrpc":"2.0","method":"tick","params":[1]}' },
        { in: '{"jsonrpc":"2.0","id":77,"result":0}' },
        { in: "not json" },
      ],
      `
      → {"jsonrpc":"2.0","method":"add","params":[1,2],"id":1}
    act call id 1 serials 1
    ← {"jsonrpc":"2.0","id":1,"result":3}
    ← {"jsonrpc":"2.0","method":"tick","params":[1]}
      inbox {"jsonrpc":"2.0","method":"tick","params":[1]}
    ← {"jsonrpc":"2.0","id":77,"result":0}
      inbox {"jsonrpc":"2.0","id":77,"result":0}
    ← not json
      inbox not json`,
    ],
  ])("%s", (_name, protocol, lines, expected) => {
    expect(script(protocol, lines)).toBe(golden(expected));
  });

  it("hands each reply to the step that asked, in order, and tells why none can come", async () => {
    let clock = 0;
    const speaker = makeProtocolSpeaker({ protocol: "socketio" }, () => clock);
    const events = speaker.events({
      open: () => {},
      message: () => {},
      close: () => {},
      error: () => {},
    });
    speaker.attach({ send: () => {}, close: () => {} });
    events.open("");
    events.message({ text: OPEN });
    events.message({ text: '40{"sid":"n1"}' });
    const first = speaker.act({ kind: "emit", event: "a", args: [], ack: true });
    const second = speaker.act({ kind: "emit", event: "b", args: [], ack: true });
    clock = 5;
    events.message({ text: '431["second"]' });
    events.message({ text: '430["first"]' });
    const one = await speaker.nextReply(first.serials[0] ?? -1, 10);
    const two = await speaker.nextReply(second.serials[0] ?? -1, 10);
    expect([one, two]).toMatchObject([
      { value: ["first"], latencyMs: 5, more: false },
      { value: ["second"], latencyMs: 5, more: false },
    ]);
    expect(await speaker.nextReply(first.serials[0] ?? -1, 0)).toBe("timeout");

    const third = speaker.act({ kind: "emit", event: "c", args: [], ack: true });
    events.message({ text: "41" });
    expect(await speaker.nextReply(third.serials[0] ?? -1, 10, "/")).toEqual({
      ended: "namespace / was disconnected",
    });
    events.close(1001, "going away");
    expect(await speaker.nextReply(third.serials[0] ?? -1, 10)).toEqual({
      ended: "the connection closed (1001 going away)",
    });
    expect(() => speaker.act({ kind: "emit", event: "d", args: [], ack: false })).toThrow(
      "The connection is closed (1001 going away): nothing was sent",
    );
  });

  it("times out even when its timer fires before the clock reaches the deadline", async () => {
    // The runner's clock is not the timers' clock: here it stands still past the timer's delay,
    // as a clock read once per turn of a busy event loop does, and moves on later.
    let clock = 0;
    const speaker = makeProtocolSpeaker({ protocol: "jsonrpc" }, () => clock);
    const events = speaker.events({
      open: () => {},
      message: () => {},
      close: () => {},
      error: () => {},
    });
    speaker.attach({ send: () => {}, close: () => {} });
    events.open("");
    const { serials } = speaker.act({ kind: "call", calls: [{ method: "never" }] });
    setTimeout(() => {
      clock = 100;
    }, 45);
    const outcome = await Promise.race([
      speaker.nextReply(serials[0] ?? -1, 30),
      new Promise((resolve) => setTimeout(() => resolve("still waiting"), 1000)),
    ]);
    expect(outcome).toBe("timeout");
  });

  it.each<[string, ScenarioProtocol, Line[], string]>([
    [
      "a refused namespace",
      { name: "socketio", namespace: "/secure" },
      [{ open: "" }, { in: OPEN }, { in: '44/secure,{"message":"Invalid token"}' }],
      "Namespace /secure refused the connection: Invalid token",
    ],
    [
      "no connection_ack",
      "graphql-ws",
      [{ open: "graphql-transport-ws" }],
      "No connection_ack before the step's time ran out",
    ],
    [
      "no namespace connect",
      "socketio",
      [{ open: "" }, { in: OPEN }],
      "No namespace / to connect before the step's time ran out",
    ],
  ])("a handshake that fails says why: %s", async (_name, protocol, lines, message) => {
    const speaker = makeProtocolSpeaker(
      protocolConfig(protocol, (value) => value),
      () => 0,
    );
    const events = speaker.events({
      open: () => {},
      message: () => {},
      close: () => {},
      error: () => {},
    });
    speaker.attach({ send: () => {}, close: () => {} });
    for (const line of lines)
      if ("open" in line) events.open(line.open);
      else if ("in" in line && typeof line.in === "string") events.message({ text: line.in });
    await expect(speaker.handshake(0)).rejects.toThrow(message);
  });

  it("expands templates in the auth and init payloads", () => {
    const expand = (value: unknown) => JSON.parse(JSON.stringify(value).replace("{{env.T}}", "x"));
    expect(
      protocolConfig({ name: "socketio", namespace: "/s", auth: { token: "{{env.T}}" } }, expand),
    ).toEqual({ protocol: "socketio", socketio: { namespace: "/s", auth: { token: "x" } } });
    expect(protocolConfig({ name: "graphql-ws", initPayload: { t: "{{env.T}}" } }, expand)).toEqual(
      { protocol: "graphql-ws", graphql: { initPayload: { t: "x" } } },
    );
    expect(protocolConfig("jsonrpc", expand)).toEqual({ protocol: "jsonrpc" });
  });
});
