import { afterEach, describe, expect, it, vi } from "vitest";
import { makeCaptureEngine } from "../../../inspector/src/capture/capture-engine.ts";
import type { CaptureReport } from "../../../inspector/src/capture/protocol.ts";
import { batches, fakeHost, play } from "./fake-host.ts";

afterEach(() => {
  vi.useRealTimers();
});

const OPEN = '0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000}';

/** A capture engine on a fake host whose posts detach what they transfer, as a worker's do. */
function start() {
  const fake = fakeHost();
  const post = fake.host.post;
  // The test keeps a copy of each report; the engine's own buffers are detached, as they are
  // once a worker posts them.
  fake.host.post = (report, transfer) => {
    post(structuredClone(report), transfer);
    if (transfer.length > 0) structuredClone(transfer, { transfer });
  };
  const engine = makeCaptureEngine(fake.host);
  /** The log so far: each frame with its protocol note's summary and latency. */
  const log = () => {
    vi.advanceTimersByTime(16);
    return batches(fake.posts).flatMap((batch) =>
      Array.from({ length: batch.count }, (_, i) => {
        const event = batch.events.find(([index]) => index === i)?.[1];
        const note = batch.notes?.find(([index]) => index === i)?.[1];
        const direction = ["•", "←", "→"][batch.directions[i] ?? 0];
        const what =
          event?.type === "info"
            ? `info: ${event.message}`
            : (event?.type ?? payloadText(batch.payloads[i]));
        const annotation = note
          ? ` | ${note.summary}${note.heartbeat ? " ♥" : ""}${note.asks ? ` asks ${note.asks}` : ""}${note.answers ? ` answers ${note.answers} in ${note.latencyMs} ms` : ""}${note.problem ? ` !! ${note.problem}` : ""}`
          : "";
        return `${direction} ${what}${annotation}`;
      }),
    );
  };
  const reports = <T extends CaptureReport["type"]>(type: T) =>
    fake.posts.flatMap(({ report }) =>
      report.type === type ? [report as Extract<CaptureReport, { type: T }>] : [],
    );
  return { ...fake, engine, log, reports };
}

function payloadText(payload: string | ArrayBuffer | null | undefined): string {
  if (typeof payload === "string") return payload;
  return `${payload?.byteLength ?? 0} bytes`;
}

describe("protocol tracking in the capture engine", () => {
  it("speaks Socket.IO on a Socket.IO URL: fixes the URL, connects, pongs, emits and pairs the ack", () => {
    const { engine, socket, log, reports } = start();
    engine.handle({ type: "connect", connectionId: 1, url: "ws://h/socket.io/", protocols: [] });
    expect(socket().url).toBe("ws://h/socket.io/?EIO=4&transport=websocket");
    play.open(socket());
    vi.advanceTimersByTime(5);
    play.message(socket(), OPEN);
    play.message(socket(), '40{"sid":"x"}');
    play.message(socket(), "2");
    engine.handle({
      type: "protocol-action",
      connectionId: 1,
      requestId: 7,
      action: { kind: "emit", event: "echo", args: ["hi"], ack: true },
    });
    vi.advanceTimersByTime(3);
    play.message(socket(), '430["hi"]');
    expect(socket().sent).toEqual(["40", "3", '420["echo","hi"]']);
    expect(log()).toEqual([
      "• info: Socket.IO: added EIO=4&transport=websocket to the URL, as Engine.IO needs it",
      "• open",
      '← 0{"sid":"s","upgrades":[],"pingInterval":25000,"pingTimeout":20000} | OPEN sid=s ping every 25 s, timeout 20 s',
      "→ 40 | CONNECT /",
      '← 40{"sid":"x"} | CONNECT / {"sid":"x"}',
      "← 2 | PING ♥",
      "→ 3 | PONG ♥",
      '→ 420["echo","hi"] | EVENT "echo" ack 0 ["hi"] asks 1',
      '← 430["hi"] | ACK 0 ["hi"] answers 1 in 3 ms',
    ]);
    expect(reports("protocol-action")).toEqual([
      { type: "protocol-action", connectionId: 1, requestId: 7, result: { ok: true, id: "0" } },
    ]);
    vi.advanceTimersByTime(250);
    const status = reports("protocol").at(-1)?.status;
    expect(status).toMatchObject({
      protocol: "socketio",
      source: "detected",
      session: { namespaces: [{ name: "/", state: "connected" }], pongs: 1 },
      pairing: { pending: 0, names: [{ name: "echo", count: 1, answered: 1, max: 3 }] },
    });
  });

  it("says why an action was not done", () => {
    const { engine, socket, reports } = start();
    engine.handle({ type: "protocol-config", connectionId: 1, config: { protocol: "graphql-ws" } });
    engine.handle({ type: "connect", connectionId: 1, url: "ws://h/x", protocols: [] });
    expect(socket().protocols).toEqual(["graphql-transport-ws"]);
    engine.handle({
      type: "protocol-action",
      connectionId: 1,
      requestId: 1,
      action: { kind: "subscribe", query: "{ a }" },
    });
    expect(reports("protocol-action").at(-1)?.result).toEqual({
      ok: false,
      error:
        "Wait for connection_ack: the server closes a connection that subscribes before it (4401)",
    });
    engine.handle({ type: "protocol-config", connectionId: 1, config: { protocol: "jsonrpc" } });
    engine.handle({
      type: "protocol-action",
      connectionId: 1,
      requestId: 2,
      action: { kind: "call", calls: [{ method: "a" }] },
    });
    expect(reports("protocol-action").at(-1)?.result).toEqual({
      ok: false,
      error: "Not sent: the connection is not open",
    });
  });

  it("reads binary attachments whose buffers went to the page with an earlier batch", () => {
    const { engine, socket, log } = start();
    engine.handle({ type: "connect", connectionId: 1, url: "ws://h/socket.io/", protocols: [] });
    play.open(socket());
    play.message(socket(), OPEN);
    play.message(
      socket(),
      '451-["up",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}]'.replace(
        "451-",
        "452-",
      ),
    );
    play.message(socket(), new Uint8Array([1, 2]).buffer);
    vi.advanceTimersByTime(16);
    play.message(socket(), new Uint8Array([3]).buffer);
    expect(log().slice(-3)).toEqual([
      '← 452-["up",{"_placeholder":true,"num":0},{"_placeholder":true,"num":1}] | BINARY_EVENT "up", 2 attachments to follow',
      '← 2 bytes | BINARY_EVENT "up" (attachment 1 of 2)',
      '← 1 bytes | BINARY_EVENT "up" [{"$bytes":"0102"},{"$bytes":"03"}] (attachment 2 of 2)',
    ]);
  });

  it("keeps statistics across a reconnect, counts what waited as unanswered, and resets on request", () => {
    const { engine, socket, reports } = start();
    engine.handle({ type: "connect", connectionId: 1, url: "ws://h/jsonrpc", protocols: [] });
    play.open(socket());
    engine.handle({
      type: "protocol-action",
      connectionId: 1,
      requestId: 1,
      action: { kind: "call", calls: [{ method: "sleep" }] },
    });
    play.close(socket(), 1006);
    engine.handle({ type: "connect", connectionId: 1, url: "ws://h/jsonrpc", protocols: [] });
    play.open(socket());
    engine.handle({
      type: "protocol-action",
      connectionId: 1,
      requestId: 2,
      action: { kind: "call", calls: [{ method: "sleep" }] },
    });
    expect(socket().sent).toEqual(['{"jsonrpc":"2.0","method":"sleep","id":1}']);
    play.message(socket(), '{"jsonrpc":"2.0","id":1,"result":0}');
    vi.advanceTimersByTime(250);
    expect(reports("protocol").at(-1)?.status.pairing.names).toMatchObject([
      { name: "sleep", count: 2, answered: 1, unanswered: 1 },
    ]);
    engine.handle({ type: "protocol-reset", connectionId: 1 });
    vi.advanceTimersByTime(250);
    expect(reports("protocol").at(-1)?.status.pairing.names).toEqual([]);
  });

  it("posts the status a few times a second, not per frame", () => {
    const { engine, socket, reports } = start();
    engine.handle({ type: "protocol-config", connectionId: 1, config: { protocol: "jsonrpc" } });
    engine.handle({ type: "connect", connectionId: 1, url: "ws://h/x", protocols: [] });
    play.open(socket());
    const before = reports("protocol").length;
    for (let i = 0; i < 1000; i++)
      play.message(socket(), `{"jsonrpc":"2.0","method":"tick","params":[${i}]}`);
    vi.advanceTimersByTime(1000);
    expect(reports("protocol").length - before).toBeLessThanOrEqual(5);
  });
});
