import { describe, expect, it } from "vitest";
import {
  makeGraphqlSession,
  operationName,
} from "../../../echo-server/protocol/sessions/graphql-ws.ts";
import { type Step, transcript } from "./transcript.ts";

const golden = (lines: string) => lines.trim().replace(/^ {4}/gm, "");

describe("a graphql-transport-ws session", () => {
  it("inits with a payload, waits for the ack, subscribes, answers pings, sees next and complete", () => {
    const steps: Step[] = [
      { act: { kind: "subscribe", query: "{ hello }" } },
      { open: "graphql-transport-ws" },
      { in: '{"type":"connection_ack"}' },
      { act: { kind: "subscribe", query: "subscription { tick(count: 2) { seq } }" } },
      { in: '{"type":"ping"}' },
      { in: '{"id":"1","type":"next","payload":{"data":{"tick":{"seq":1}}}}' },
      { in: '{"id":"1","type":"next","payload":{"data":{"tick":{"seq":2}}}}' },
      { in: '{"id":"1","type":"complete"}' },
      { act: { kind: "graphql-ping" } },
      { in: '{"type":"pong"}' },
    ];
    const session = makeGraphqlSession({ initPayload: { token: "t" } });
    expect(transcript(session, steps)).toBe(
      golden(`
    act subscribe ✗ Wait for connection_ack: the server closes a connection that subscribes before it (4401)
    open "graphql-transport-ws" ⇒ '{"type":"connection_init","payload":{"token":"t"}}'
      → '{"type":"connection_init","payload":{"token":"t"}}' connection_init
    ← '{"type":"connection_ack"}' connection_ack
    act subscribe id 1
      → '{"id":"1","type":"subscribe","payload":{"query":"subscriptio…' subscribe 1 subscription tick {request c:1 "subscription tick"}
    ← '{"type":"ping"}' ping ♥ ⇒ '{"type":"pong"}'
      → '{"type":"pong"}' pong ♥
    ← '{"id":"1","type":"next","payload":{"data":{"tick":{"seq":1}}…' next 1 {reply c:1 more}
    ← '{"id":"1","type":"next","payload":{"data":{"tick":{"seq":2}}…' next 1 {reply c:1 more}
    ← '{"id":"1","type":"complete"}' complete 1 {reply c:1}
    act graphql-ping
      → '{"type":"ping"}' ping ♥
    ← '{"type":"pong"}' pong ♥`),
    );
    expect(session.state()).toEqual({
      protocol: "graphql-ws",
      acknowledged: true,
      operations: [{ id: "1", name: "subscription tick", state: "completed", nexts: 2 }],
    });
  });

  it("completes an operation from the client, and reports errors per operation", () => {
    const session = makeGraphqlSession();
    const steps: Step[] = [
      { open: "graphql-transport-ws" },
      { in: '{"type":"connection_ack"}' },
      { act: { kind: "subscribe", query: "query Hello { hello }", variables: { a: 1 } } },
      { act: { kind: "complete", id: "1" } },
      { act: { kind: "complete", id: "1" } },
      { act: { kind: "subscribe", query: "{ nope }", operationName: "Nope" } },
      { in: '{"id":"2","type":"error","payload":[{"message":"Cannot query field nope"}]}' },
      { out: '{"id":"7","type":"subscribe","payload":{"query":"{ a }"}}' },
      {
        in: '{"id":"7","type":"next","payload":{"errors":[{"message":"boom"},{"message":"bang"}]}}',
      },
      { act: { kind: "subscribe", query: "{ b }" } },
      { act: { kind: "graphql-init" } },
      { act: { kind: "subscribe", query: "  " } },
    ];
    expect(transcript(session, steps)).toBe(
      golden(`
    open "graphql-transport-ws" ⇒ '{"type":"connection_init"}'
      → '{"type":"connection_init"}' connection_init
    ← '{"type":"connection_ack"}' connection_ack
    act subscribe id 1
      → '{"id":"1","type":"subscribe","payload":{"query":"query Hello…' subscribe 1 Hello {request c:1 "Hello"}
    act complete
      → '{"id":"1","type":"complete"}' complete 1 {cancel c:1}
    act complete ✗ Operation 1 is not running
    act subscribe id 2
      → '{"id":"2","type":"subscribe","payload":{"query":"{ nope }","…' subscribe 2 Nope {request c:2 "Nope"}
    ← '{"id":"2","type":"error","payload":[{"message":"Cannot query…' error 2: Cannot query field nope {reply c:2 error "Cannot query field nope"}
    → '{"id":"7","type":"subscribe","payload":{"query":"{ a }"}}' subscribe 7 query a {request c:7 "query a"}
    ← '{"id":"7","type":"next","payload":{"errors":[{"message":"boo…' next 7 with errors: boom (and 1 more) {reply c:7 more error "boom (and 1 more)"}
    act subscribe id 8
      → '{"id":"8","type":"subscribe","payload":{"query":"{ b }"}}' subscribe 8 query b {request c:8 "query b"}
    act graphql-init ✗ connection_init was sent already: a second one closes the connection (4429)
    act subscribe ✗ Write a query`),
    );
    const state = session.state();
    expect(
      state.protocol === "graphql-ws" && state.operations.map((o) => [o.id, o.state, o.error]),
    ).toEqual([
      ["1", "cancelled", undefined],
      ["2", "failed", "Cannot query field nope"],
      ["7", "active", undefined],
      ["8", "waiting", undefined],
    ]);
  });

  it("says when the server chose another subprotocol", () => {
    expect(makeGraphqlSession().open("graphql-ws").problem).toBe(
      "The server chose the subprotocol graphql-ws, not graphql-transport-ws: it may not speak this protocol",
    );
    expect(makeGraphqlSession().open("").problem).toBe(
      "The server chose no subprotocol, not graphql-transport-ws: it may not speak this protocol",
    );
  });

  it.each([
    [
      "a subscribe from the server",
      '{"type":"subscribe","id":"9","payload":{"query":"{a}"}}',
      "subscribe !! A server does not send subscribe in graphql-transport-ws",
    ],
    [
      "an unknown type",
      '{"type":"nope"}',
      'nope !! "nope" is no message type of graphql-transport-ws',
    ],
    [
      "a next without an id",
      '{"id":"","type":"next"}',
      'next !! A next message needs an "id": text of 1–200 characters',
    ],
    [
      "a huge id",
      `{"id":"${"x".repeat(201)}","type":"complete"}`,
      'complete !! A complete message needs an "id": text of 1–200 characters',
    ],
    [
      "no type",
      '{"id":"1"}',
      'not GraphQL over WebSocket !! A graphql-transport-ws message is a JSON object with a "type"',
    ],
    [
      "broken JSON",
      "[1,2",
      "not GraphQL over WebSocket !! Invalid JSON: Expected ',' or ']' after array element in JSON at position 4",
    ],
    [
      "10,000-deep JSON",
      `${"[".repeat(10_000)}${"]".repeat(10_000)}`,
      "not GraphQL over WebSocket !! JSON nests deeper than 64 levels",
    ],
    [
      "a binary frame",
      new Uint8Array([1]),
      "binary frame !! graphql-transport-ws travels in text frames: a binary frame is not read",
    ],
  ])("reads %s as a problem", (_name, frame, expected) => {
    const { reading, send } = makeGraphqlSession().receive(frame);
    expect(`${reading?.summary} !! ${reading?.problem}`).toBe(expected);
    expect(reading?.items).toBeUndefined();
    expect(send).toEqual([]);
  });

  it("lists at most 50 operations, dropping finished ones first", () => {
    const session = makeGraphqlSession();
    session.receive('{"type":"connection_ack"}');
    for (let i = 1; i <= 60; i++)
      session.sent(`{"id":"${i}","type":"subscribe","payload":{"query":"{a}"}}`);
    session.receive('{"id":"3","type":"complete"}');
    session.sent('{"id":"61","type":"subscribe","payload":{"query":"{a}"}}');
    const state = session.state();
    const ids = state.protocol === "graphql-ws" ? state.operations.map((o) => o.id) : [];
    expect(ids).toHaveLength(50);
    expect(ids).not.toContain("3");
    expect(ids.at(-1)).toBe("61");
  });
});

describe("operationName", () => {
  it.each([
    ["query Hello { hello }", undefined, "Hello"],
    ["mutation Echo($m: String!) { echo(message: $m) }", undefined, "Echo"],
    ["subscription { tick(count: 5) { seq } }", undefined, "subscription tick"],
    ["{ hello }", undefined, "query hello"],
    ["# a comment\n{ hello }", undefined, "query hello"],
    ["query A { a } query B { b }", "B", "B"],
    ["", undefined, "(anonymous)"],
  ])("%j (operationName %j) → %s", (query, given, name) => {
    expect(operationName(query, given)).toBe(name);
  });
});
