import { afterEach, describe, expect, it, vi } from "vitest";
import { encodeIncoming } from "../../../echo-server/protocol/relay-wire.ts";
import { makeConnections } from "../../../inspector/src/capture/connections.ts";
import type { CaptureCommand } from "../../../inspector/src/capture/protocol.ts";
import { makeReportFlusher } from "../../../inspector/src/capture/report-flusher.ts";
import type { RunningLoop } from "../../../inspector/src/capture/runs.ts";
import { batches, fakeHost, logOf, play } from "./fake-host.ts";

afterEach(() => {
  vi.useRealTimers();
});

type Connect = Extract<CaptureCommand, { type: "connect" }>;

/** Connections on a fake host with a real flusher; the runs are stubs that record `stopFor`. */
function start() {
  const fake = fakeHost();
  const flusher = makeReportFlusher(fake.host, {}, () => {});
  const loops = new Map<number, RunningLoop>();
  const stopped: [connectionId: number, reason: string][] = [];
  const connections = makeConnections(fake.host, flusher, {
    loops,
    stopFor: (connectionId, reason) => stopped.push([connectionId, reason]),
  });
  const connect = (extra: Partial<Connect> = {}) =>
    connections.connect({
      type: "connect",
      connectionId: 1,
      url: "ws://target/",
      protocols: [],
      ...extra,
    });
  /** The log so far, after any frames still waiting for the flush interval. */
  const log = () => {
    vi.advanceTimersByTime(16);
    return logOf(fake.posts);
  };
  return { ...fake, connections, connect, loops, stopped, log };
}

/**
 * A ping loop stub on `connectionId` that answers every message with `rtt`, and records what it
 * was offered and what it was told went unmatched.
 */
function loopOn(connectionId: number, rtt: number | undefined) {
  const seen: unknown[] = [];
  const unmatched: unknown[] = [];
  const loop = {
    connectionId,
    reportedSent: 0,
    runner: {
      onMessage: (data: unknown) => {
        seen.push(data);
        return rtt;
      },
      onUnmatched: (data: unknown) => unmatched.push(data),
    },
  } as unknown as RunningLoop;
  return { loop, seen, unmatched };
}

describe("connections: direct", () => {
  it("opens the socket with the protocols and logs open, frames and close with their times", () => {
    const { connect, connections, socket, posts, log } = start();
    connect({ protocols: ["json"] });
    expect(socket().protocols).toEqual(["json"]);
    vi.advanceTimersByTime(2);
    play.open(socket());
    // The open event posts at once: the status never waits for the flush interval.
    expect(logOf(posts)).toEqual(["open open"]);
    expect(connections.send(1, "hi")).toBe(true);
    play.message(socket(), new Uint8Array(3).buffer);
    play.close(socket(), 1000);
    expect(socket().sent).toEqual(["hi"]);
    expect(log()).toEqual(["open open", "text out hi", "binary in 3 bytes", "close close"]);
    expect(batches(posts).flatMap((batch) => [...batch.times])).toEqual([2, 2, 2, 2]);
  });

  it("refuses to send, and says why, when the connection is not open", () => {
    const { connect, connections, socket, log } = start();
    expect(connections.send(9, "nobody")).toBe(false);
    connect();
    expect(connections.send(1, "too early")).toBe(false);
    expect(socket().sent).toEqual([]);
    expect(log()).toEqual(["error error", "error error"]);
  });

  it("tells the sender when the frame left", () => {
    const { connect, connections, socket } = start();
    connect();
    play.open(socket());
    vi.advanceTimersByTime(3);
    const times: number[] = [];
    connections.send(1, "a", (time) => times.push(time));
    expect(times).toEqual([3]);
  });

  it.each([
    ["no loop on the connection", 2, 5, "text in pong", false],
    ["a loop that does not recognise it", 1, undefined, "text in pong", true],
    ["a loop that pairs it with a ping", 1, 5, "text in pong rtt 5", false],
  ])(
    "offers each received message to the ping loops: %s",
    (_, loopConnection, rtt, expected, missed) => {
      const { connect, socket, loops, log } = start();
      const { loop, seen, unmatched } = loopOn(loopConnection, rtt);
      loops.set(1, loop);
      connect();
      play.open(socket());
      play.message(socket(), "pong");
      expect(log().at(-1)).toBe(expected);
      expect(seen).toEqual(loopConnection === 1 ? ["pong"] : []);
      expect(unmatched).toEqual(missed ? ["pong"] : []);
    },
  );

  it("counts a message as unmatched only when no loop on the connection matched it", () => {
    const { connect, socket, loops } = start();
    const deaf = loopOn(1, undefined);
    const hearing = loopOn(1, 3);
    loops.set(1, deaf.loop);
    loops.set(2, hearing.loop);
    connect();
    play.open(socket());
    play.message(socket(), "pong");
    expect(deaf.unmatched).toEqual([]);
    loops.delete(2);
    play.message(socket(), "other");
    expect(deaf.unmatched).toEqual(["other"]);
  });

  it("stops the connection's runs when it closes", () => {
    const { connect, socket, stopped } = start();
    connect();
    play.open(socket());
    play.close(socket(), 1006);
    expect(stopped).toEqual([[1, "The connection closed"]]);
  });

  it("turns a socket that cannot be opened, or closed, into an error event", () => {
    const { host, connect, connections, socket, posts } = start();
    const openSocket = host.openSocket;
    host.openSocket = () => {
      throw new SyntaxError("The URL 'http://[bad' is invalid.");
    };
    expect(() => connect()).not.toThrow();
    host.openSocket = openSocket;
    connect();
    play.open(socket());
    socket().close = () => {
      throw new Error("The code must be 1000 or 3000-4999");
    };
    expect(() => connections.close(1, 1)).not.toThrow();
    const events = batches(posts).flatMap((batch) => batch.events.map(([, event]) => event));
    expect(events).toEqual([
      { type: "error", message: "The URL 'http://[bad' is invalid." },
      expect.objectContaining({ type: "open" }),
      { type: "error", message: "The code must be 1000 or 3000-4999" },
    ]);
  });

  it("abandons the previous socket when the same connection connects again", () => {
    const { connect, sockets, log } = start();
    connect();
    const [first] = sockets;
    if (!first) throw new Error("no socket");
    play.open(first);
    connect({ url: "ws://elsewhere/" });
    expect(first.closes).toEqual([[1000, "reconnecting"]]);
    expect(first.onclose).toBeNull();
    expect(sockets.map((socket) => socket.url)).toEqual(["ws://target/", "ws://elsewhere/"]);
    expect(log()).toEqual(["open open"]);
  });

  it("says control frames need the relay", () => {
    const { connect, connections, socket, log } = start();
    connect();
    play.open(socket());
    const use = vi.fn();
    connections.control(1, use);
    expect(use).not.toHaveBeenCalled();
    expect(log().at(-1)).toBe("error error");
  });
});

describe("connections: reconnects", () => {
  it("reconnects with backoff after a drop, and the backoff restarts after an open", () => {
    const { connect, sockets, socket, posts, log } = start();
    connect({ reconnect: true });
    play.open(socket());
    play.close(socket(), 1006);
    const reconnects = () =>
      batches(posts).flatMap((batch) =>
        batch.events.flatMap(([, event]) => (event.type === "reconnect" ? [event] : [])),
      );
    // Attempt 1 waits between 250 and 500 ms; random() = 0.5 gives 375 ms.
    expect(reconnects()).toEqual([{ type: "reconnect", attempt: 1, delayMs: 375 }]);
    vi.advanceTimersByTime(374);
    expect(sockets).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sockets).toHaveLength(2);
    play.close(socket(), 1006);
    expect(reconnects().at(-1)).toEqual({ type: "reconnect", attempt: 2, delayMs: 750 });
    vi.advanceTimersByTime(750);
    play.open(socket());
    play.close(socket(), 1006);
    expect(reconnects().at(-1)).toMatchObject({ attempt: 1 });
    expect(log()).toEqual([
      "open open",
      "close close",
      "info reconnect",
      "close close",
      "info reconnect",
      "open open",
      "close close",
      "info reconnect",
    ]);
  });

  it.each([
    ["closes", "close"],
    ["connects again", "connect"],
  ])("cancels a pending reconnect when the user %s", (_, action) => {
    const { connect, connections, sockets, socket, posts } = start();
    connect({ reconnect: true });
    play.open(socket());
    play.close(socket(), 1006);
    if (action === "close") connections.close(1);
    else connect({ url: "ws://elsewhere/" });
    vi.advanceTimersByTime(1000);
    expect(sockets.map((socket) => socket.url)).toEqual(
      action === "close" ? ["ws://target/"] : ["ws://target/", "ws://elsewhere/"],
    );
    const events = batches(posts).flatMap((batch) => batch.events.map(([, event]) => event));
    expect(events.at(-1)).toEqual(
      action === "close"
        ? { type: "info", message: "Reconnect cancelled" }
        : { type: "reconnect", attempt: 1, delayMs: 375 },
    );
  });

  it("does not reconnect after the user closes", () => {
    const { connect, connections, sockets, socket, log } = start();
    connect({ reconnect: true });
    play.open(socket());
    connections.close(1, 1000, "done");
    expect(socket().closes).toEqual([[1000, "done"]]);
    play.close(socket(), 1000, "done");
    vi.advanceTimersByTime(1000);
    expect(sockets).toHaveLength(1);
    expect(log()).toEqual(["open open", "close close"]);
  });
});

describe("connections: an attempt that never opens", () => {
  const relay = { relayUrl: "ws://inspector.test/relay", origin: "http://inspector.test" };

  /** Connections whose host has a relay to ask, or none. */
  function startWith(probeRelay?: typeof relay) {
    const started = start();
    if (probeRelay) started.host.probeRelay = probeRelay;
    return started;
  }

  /** The events posted so far. */
  const eventsOf = (posts: Parameters<typeof batches>[0]) =>
    batches(posts).flatMap((batch) => batch.events.map(([, event]) => event));

  /** The direct socket fails the way browsers fail one: an error, then close 1006. */
  function fail(socket: ReturnType<ReturnType<typeof start>["socket"]>) {
    play.error(socket);
    play.close(socket, 1006);
  }

  /** A relay `rejected` event for a refused upgrade (or a network error, without `status`). */
  const rejected = (message: string, status?: number) =>
    JSON.stringify({
      type: "rejected",
      time: 30,
      message,
      handshake: {
        request: { method: "GET", url: "ws://target/", headers: [] },
        ...(status
          ? { response: { status, statusText: "Unauthorized", headers: [], body: "Invalid token" } }
          : {}),
        startedAt: 29,
        durationMs: 1,
      },
    });

  it("marks the error and close with the attempt's start, and logs the browser's words without a relay", () => {
    const { connect, socket, posts } = startWith();
    vi.advanceTimersByTime(7);
    connect({ protocols: ["json"] });
    vi.advanceTimersByTime(4);
    fail(socket());
    expect(eventsOf(posts)).toEqual([
      {
        type: "error",
        message: "Could not connect to ws://target/",
        diagnosis: expect.stringContaining("You offered subprotocols (json)"),
        attemptStart: 7,
      },
      { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 7 },
    ]);
    expect(batches(posts).flatMap((batch) => [...batch.times])).toEqual([11, 11]);
  });

  it("does not mark what happens after an open", () => {
    const { connect, socket, posts, sockets } = startWith(relay);
    connect();
    play.open(socket());
    fail(socket());
    expect(sockets).toHaveLength(1);
    expect(eventsOf(posts).slice(1)).toEqual([
      {
        type: "error",
        message: "The connection failed (the browser gives no details; see the close code)",
      },
      { type: "close", code: 1006, reason: "", wasClean: false },
    ]);
  });

  it("asks the relay what the browser hides, logs its answer with the failure's times, and closes the probe", () => {
    const { connect, sockets, socket, posts } = startWith(relay);
    connect({ protocols: ["json"] });
    const direct = socket();
    vi.advanceTimersByTime(2);
    fail(direct);
    // Nothing is logged while the relay is asked.
    vi.advanceTimersByTime(16);
    expect(eventsOf(posts)).toEqual([]);
    const probe = socket();
    expect(probe.url).toBe("ws://inspector.test/relay");
    play.open(probe);
    expect(JSON.parse(String(probe.sent[0]))).toEqual({
      type: "connect",
      url: "ws://target/",
      protocols: ["json"],
      headers: [],
      origin: "http://inspector.test",
      handshakeTimeoutMs: 4000,
      followRedirects: false,
    });
    play.message(probe, rejected("The server answered 401 Unauthorized: Invalid token", 401));
    expect(probe.closes).toEqual([[1000, undefined]]);
    expect(probe.onmessage).toBeNull();
    expect(eventsOf(posts)).toEqual([
      {
        type: "error",
        message:
          "The server answered 401 Unauthorized: Invalid token. Browsers hide this status; SocketScope asked the server directly",
        handshake: expect.objectContaining({ response: expect.objectContaining({ status: 401 }) }),
        attemptStart: 0,
      },
      { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 0 },
    ]);
    expect(batches(posts).flatMap((batch) => [...batch.times])).toEqual([2, 2]);
    expect(sockets).toHaveLength(2);
  });

  it.each([
    [
      "a refused port, in the relay's words",
      (probe: ReturnType<ReturnType<typeof start>["socket"]>) =>
        play.message(
          probe,
          rejected("Nothing is listening on target:80: the connection was refused"),
        ),
      "Nothing is listening on target:80: the connection was refused",
    ],
    [
      "a target that accepts the relay: the browser refused it, and the target is closed at once",
      (probe: ReturnType<ReturnType<typeof start>["socket"]>) =>
        play.message(
          probe,
          JSON.stringify({
            type: "open",
            time: 30,
            protocol: "",
            extensions: "",
            handshake: {
              request: { method: "GET", url: "ws://target/", headers: [] },
              response: { status: 101, statusText: "Switching Protocols", headers: [] },
              startedAt: 29,
              durationMs: 1,
            },
          }),
        ),
      "The browser could not connect, yet the server accepted the same request via SocketScope's relay",
    ],
    [
      "a relay that is not there: the browser's words",
      (probe: ReturnType<ReturnType<typeof start>["socket"]>) => fail(probe),
      "Could not connect to ws://target/",
    ],
    [
      "a target the relay may not dial: the browser's words",
      (probe: ReturnType<ReturnType<typeof start>["socket"]>) =>
        play.message(
          probe,
          JSON.stringify({
            type: "error",
            time: 30,
            message: "not in --relay-allow",
            field: "url",
          }),
        ),
      "Could not connect to ws://target/",
    ],
    [
      "a relay that takes too long: the browser's words after 5 s",
      () => vi.advanceTimersByTime(5000),
      "Could not connect to ws://target/",
    ],
  ])("%s", (_name, answer, message) => {
    const { connect, socket, posts } = startWith(relay);
    connect();
    fail(socket());
    const probe = socket();
    play.open(probe);
    answer(probe);
    expect(probe.closes.length + (probe.readyState === 3 ? 1 : 0)).toBeGreaterThan(0);
    expect(probe.onmessage).toBeNull();
    const events = eventsOf(posts);
    expect(events.map((event) => event.type)).toEqual(["error", "close"]);
    expect(events[0]).toMatchObject({ type: "error", message, attemptStart: 0 });
  });

  it("never logs what the probe's relay sends as the session's frames", () => {
    const { connect, socket, posts, log } = startWith(relay);
    connect();
    fail(socket());
    const probe = socket();
    play.open(probe);
    play.message(probe, encodeIncoming(1, 5, new TextEncoder().encode("not yours")).slice().buffer);
    play.message(probe, rejected("Nothing is listening", undefined));
    expect(log()).toEqual(["error error", "close close"]);
    expect(eventsOf(posts)[0]).toMatchObject({ message: "Nothing is listening" });
  });

  it("does not probe through the relay for a relay connection, or for a localhost the relay does not share", () => {
    const remote = startWith({ relayUrl: "ws://devbox:7777/relay", origin: "http://devbox:7777" });
    remote.connect({ url: "ws://localhost:3000/" });
    fail(remote.socket());
    expect(remote.sockets).toHaveLength(1);
    expect(eventsOf(remote.posts)[0]).toMatchObject({
      message: "Could not connect to ws://localhost:3000/",
    });
    vi.useRealTimers();

    const viaRelay = startWith(relay);
    viaRelay.connect({
      relay: { relayUrl: "ws://inspector.test/relay", connect: { headers: [] } },
    });
    fail(viaRelay.socket());
    expect(viaRelay.sockets).toHaveLength(1);
    expect(eventsOf(viaRelay.posts)[0]).toMatchObject({
      message: "Could not reach the relay at ws://inspector.test/relay",
      attemptStart: 0,
    });
  });

  it.each([
    ["disconnects", "close"],
    ["connects again", "connect"],
  ])("logs the browser's words at once, and drops the probe, when the user %s", (_, action) => {
    const { connect, connections, socket, posts } = startWith(relay);
    connect();
    fail(socket());
    const probe = socket();
    play.open(probe);
    if (action === "close") connections.close(1);
    else connect({ url: "ws://elsewhere/" });
    expect(probe.closes).toEqual([[1000, undefined]]);
    expect(eventsOf(posts).slice(0, 2)).toEqual([
      { type: "error", message: "Could not connect to ws://target/", attemptStart: 0 },
      { type: "close", code: 1006, reason: "", wasClean: false, attemptStart: 0 },
    ]);
  });

  it("probes each failed attempt of a reconnect series, and reconnects after the answer", () => {
    const { connect, sockets, socket, posts } = startWith(relay);
    connect({ reconnect: true });
    fail(socket());
    play.open(socket());
    play.message(socket(), rejected("Nothing is listening"));
    expect(eventsOf(posts).map((event) => event.type)).toEqual(["error", "close", "reconnect"]);
    vi.advanceTimersByTime(375);
    expect(sockets.map((each) => each.url)).toEqual([
      "ws://target/",
      "ws://inspector.test/relay",
      "ws://target/",
    ]);
  });
});
