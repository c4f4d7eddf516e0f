import { afterEach, describe, expect, it, vi } from "vitest";
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

/** A ping loop stub on `connectionId` that answers every message with `rtt`. */
function loopOn(connectionId: number, rtt: number | undefined) {
  const seen: unknown[] = [];
  const loop = {
    connectionId,
    reportedSent: 0,
    runner: {
      onMessage: (data: unknown) => {
        seen.push(data);
        return rtt;
      },
    },
  } as unknown as RunningLoop;
  return { loop, seen };
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
    ["no loop on the connection", 2, 5, "text in pong"],
    ["a loop that does not recognise it", 1, undefined, "text in pong"],
    ["a loop that pairs it with a ping", 1, 5, "text in pong rtt 5"],
  ])("offers each received message to the ping loops: %s", (_, loopConnection, rtt, expected) => {
    const { connect, socket, loops, log } = start();
    const { loop, seen } = loopOn(loopConnection, rtt);
    loops.set(1, loop);
    connect();
    play.open(socket());
    play.message(socket(), "pong");
    expect(log().at(-1)).toBe(expected);
    expect(seen).toEqual(loopConnection === 1 ? ["pong"] : []);
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
