import { describe, expect, it } from "vitest";
import { makeProtocolTracker } from "../../../echo-server/protocol/sessions/tracker.ts";

const OPEN = '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';

describe("a protocol tracker", () => {
  it("detects Socket.IO from the URL, fixes the URL, speaks it, and pairs an ack with its latency", () => {
    const tracker = makeProtocolTracker();
    expect(tracker.target("ws://h/socket.io/", [])).toEqual({
      url: "ws://h/socket.io/?EIO=4&transport=websocket",
      protocols: [],
      changes: ["Socket.IO: added EIO=4&transport=websocket to the URL, as Engine.IO needs it"],
    });
    expect(tracker.open("", 0)).toEqual({ send: [], info: [] });
    expect(tracker.receive(OPEN, 1)).toEqual({
      note: { protocol: "socketio", summary: "OPEN sid=s ping every 25 s, timeout 20 s" },
      send: ["40"],
    });
    tracker.sent("40", 2);
    tracker.receive('40{"sid":"x"}', 3);
    const emit = tracker.act({ kind: "emit", event: "echo", args: ["hi"], ack: true });
    expect(emit).toEqual({ ok: true, send: ['420["echo","hi"]'], id: "0" });
    expect(tracker.sent('420["echo","hi"]', 10)).toEqual({
      protocol: "socketio",
      summary: 'EVENT "echo" ack 0 ["hi"]',
      asks: [1],
    });
    expect(tracker.status().pairing).toMatchObject({ pending: 1, oldestPendingTime: 10 });
    expect(tracker.receive('430["hi"]', 12.5).note).toEqual({
      protocol: "socketio",
      summary: 'ACK 0 ["hi"]',
      answers: [1],
      latencyMs: 2.5,
    });
    expect(tracker.receive("2", 20)).toEqual({
      note: { protocol: "socketio", summary: "PING", heartbeat: true },
      send: ["3"],
    });
    const status = tracker.status();
    expect(status).toMatchObject({
      protocol: "socketio",
      source: "detected",
      reason: "the URL is a Socket.IO endpoint",
      problems: 0,
    });
    expect(status.pairing.names).toEqual([
      {
        name: "echo",
        count: 1,
        answered: 1,
        p50: 2.5,
        p95: 2.5,
        max: 2.5,
        errors: 0,
        unanswered: 0,
        sampled: 1,
      },
    ]);
  });

  it("detects from the first frames, and no later than the eighth", () => {
    const tracker = makeProtocolTracker();
    tracker.target("ws://h/ws", []);
    tracker.open("", 0);
    expect(tracker.sent('{"jsonrpc":"2.0","id":1,"method":"a"}', 1)).toEqual({
      protocol: "jsonrpc",
      summary: "call a id 1",
      asks: [1],
    });
    expect(tracker.status()).toMatchObject({
      protocol: "jsonrpc",
      source: "detected",
      reason: "a sent frame is JSON-RPC 2.0",
    });

    const late = makeProtocolTracker();
    late.target("ws://h/ws", []);
    for (let i = 0; i < 8; i++) late.receive(`hello ${i}`, i);
    expect(late.receive('{"jsonrpc":"2.0","id":1,"result":1}', 9).note).toBeUndefined();
    expect(late.status()).toMatchObject({ protocol: "raw", source: "default" });
  });

  it("detects GraphQL from the chosen subprotocol and sends connection_init", () => {
    const tracker = makeProtocolTracker({ protocol: "auto", graphql: { initPayload: { k: 1 } } });
    tracker.target("ws://h/ws", []);
    expect(tracker.open("graphql-transport-ws", 0)).toEqual({
      send: ['{"type":"connection_init","payload":{"k":1}}'],
      info: [],
    });
    expect(tracker.status()).toMatchObject({
      protocol: "graphql-ws",
      source: "detected",
      reason: "the server chose graphql-transport-ws",
    });
  });

  it("keeps a protocol the user chose, and counts the problems it meets", () => {
    const tracker = makeProtocolTracker({ protocol: "jsonrpc" });
    tracker.target("ws://h/socket.io/", []);
    expect(tracker.receive(OPEN, 0).note).toEqual({
      protocol: "jsonrpc",
      summary: "not JSON-RPC",
      problem: "Invalid JSON: Unexpected non-whitespace character after JSON at position 1",
    });
    expect(tracker.status()).toMatchObject({
      protocol: "jsonrpc",
      source: "chosen",
      problems: 1,
      lastProblem: "Invalid JSON: Unexpected non-whitespace character after JSON at position 1",
    });
  });

  it("pairs a reply's problem into its note, and gives up waiting requests when the connection closes", () => {
    const tracker = makeProtocolTracker({ protocol: "jsonrpc" });
    tracker.target("ws://h/x", []);
    expect(tracker.receive('{"jsonrpc":"2.0","id":7,"result":1}', 0).note).toEqual({
      protocol: "jsonrpc",
      summary: "result id 7",
      problem: "No request with id 7 is waiting for a reply",
    });
    tracker.sent('{"jsonrpc":"2.0","id":1,"method":"sleep"}', 1);
    tracker.closed();
    expect(tracker.status().pairing).toMatchObject({
      pending: 0,
      unmatched: 1,
      names: [{ name: "sleep", count: 1, unanswered: 1 }],
    });
  });

  it("pairs a batch: one frame asks several, replies answer them in other frames", () => {
    const tracker = makeProtocolTracker({ protocol: "jsonrpc" });
    const batch = tracker.act({
      kind: "call",
      calls: [{ method: "a" }, { method: "b" }, { method: "log", notification: true }],
    });
    expect(batch.ok && tracker.sent(batch.send[0] as string, 0)).toMatchObject({ asks: [1, 2] });
    expect(
      tracker.receive('{"jsonrpc":"2.0","id":2,"error":{"code":-1,"message":"no"}}', 4).note,
    ).toEqual({
      protocol: "jsonrpc",
      summary: "error id 2: -1 no",
      answers: [2],
      latencyMs: 4,
      error: "-1 no",
    });
    expect(tracker.receive('[{"jsonrpc":"2.0","id":1,"result":0}]', 6).note).toMatchObject({
      answers: [1],
      latencyMs: 6,
    });
  });

  it("pairs on fields for a raw protocol of one's own", () => {
    const tracker = makeProtocolTracker({
      protocol: "raw",
      fields: { requestPath: "$.reqId", replyPath: "$.replyTo", namePath: "$.op" },
    });
    tracker.target("ws://h/x", []);
    tracker.sent('{"reqId":"a","op":"get"}', 1);
    expect(tracker.receive('{"replyTo":"a"}', 3).note).toMatchObject({
      answers: [1],
      latencyMs: 2,
    });
    expect(tracker.status().pairing.names[0]).toMatchObject({ name: "get", count: 1, answered: 1 });
  });

  it("a new choice starts a new session; the same choice keeps it", () => {
    const tracker = makeProtocolTracker();
    tracker.target("ws://h/socket.io/", []);
    tracker.open("", 0);
    tracker.receive(OPEN, 1);
    tracker.configure({ protocol: "socketio" });
    expect(tracker.status()).toMatchObject({
      protocol: "socketio",
      source: "chosen",
      session: { engine: { sid: "s" } },
    });
    tracker.configure({ protocol: "graphql-ws" });
    expect(tracker.status()).toMatchObject({
      protocol: "graphql-ws",
      session: { acknowledged: false },
    });
  });

  it.each([
    ["raw, detected: reads while it guesses, then no more", { protocol: "auto" }, [true, false]],
    ["raw, chosen: reads nothing", { protocol: "raw" }, [false, false]],
    [
      "raw with field pairing: reads every frame",
      { protocol: "raw", fields: { requestPath: "$.reqId", replyPath: "$.replyTo" } },
      [true, true],
    ],
    ["JSON-RPC: reads every frame", { protocol: "jsonrpc" }, [true, true]],
  ] as const)("%s", (_, config, [before, after]) => {
    const tracker = makeProtocolTracker(config);
    tracker.target("ws://h/x", []);
    tracker.open("", 0);
    expect(tracker.reads).toBe(before);
    // Eight frames of plain text are what detection looks at.
    for (let i = 0; i < 8; i++) tracker.receive(`frame ${i}`, i);
    expect(tracker.reads).toBe(after);
  });
});
