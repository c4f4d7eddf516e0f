import { utf8ByteLength } from "../model/bytes.ts";
import { Direction, type FrameEvent } from "../model/frame.ts";
import { batchTransferables, type FrameBatcher, makeFrameBatcher } from "../model/frame-batch.ts";
import { reconnectDelay } from "../model/reconnect.ts";
import { makePingRunner, type PingLoopState, type PingRunner } from "./ping-runner.ts";
import type { CaptureCommand, CaptureReport } from "./protocol.ts";
import { type ScheduleProgress, startScheduledSend } from "./scheduled-send.ts";

/** The subset of the browser WebSocket the engine uses, so tests can pass `ws`'s client. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly protocol: string;
  readonly extensions: string;
  readonly url: string;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
}

/** What the engine needs from its host (the worker global in production). */
export interface CaptureHost {
  post(report: CaptureReport, transfer: Transferable[]): void;
  /** Epoch milliseconds with sub-millisecond precision. */
  now(): number;
  openSocket(url: string, protocols: string[]): SocketLike;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random(): number;
}

/** Batching knobs. */
export interface CaptureEngineOptions {
  /** Longest a frame waits before it is posted to the UI. @default 16 */
  flushIntervalMs?: number;
  /** Frames per connection that trigger an immediate post. @default 4096 */
  maxBatch?: number;
}

/** One connection the engine looks after, across reconnects. */
interface Connection {
  url: string;
  protocols: string[];
  reconnect: boolean;
  socket?: SocketLike;
  /** Reconnect attempts since the last successful open. */
  attempt: number;
  retryTimer?: unknown;
  /** Set when the user asked to close: no reconnect follows. */
  closing: boolean;
}

/** A ping loop with what it has not reported yet. */
interface Loop {
  connectionId: number;
  runner: PingRunner;
  state?: PingLoopState;
  reportedSent: number;
}

/** A scheduled send with the progress it has not reported yet. */
interface Schedule {
  connectionId: number;
  stop(): void;
  progress?: ScheduleProgress;
}

const OPEN = 1;

/**
 * Owns the sockets: timestamps every frame and event the moment it happens, posts them to the
 * UI in batches, and reconnects with backoff when asked to. Runs inside the capture worker, so
 * its timers are not throttled with a background tab; plain so it can be tested in Node.
 */
export function makeCaptureEngine(host: CaptureHost, options: CaptureEngineOptions = {}) {
  const flushIntervalMs = options.flushIntervalMs ?? 16;
  const maxBatch = options.maxBatch ?? 4096;
  const connections = new Map<number, Connection>();
  const batchers = new Map<number, FrameBatcher>();
  const loops = new Map<number, Loop>();
  const schedules = new Map<number, Schedule>();
  let flushScheduled = false;

  /** Posts frames first, then ping results and schedule progress, so the log leads. */
  function flush() {
    flushScheduled = false;
    for (const batcher of batchers.values()) {
      const batch = batcher.take();
      if (batch) host.post({ type: "frames", batch }, batchTransferables(batch));
    }
    for (const [loopId, loop] of loops) {
      const results = loop.runner.takeResults();
      const sent = loop.runner.sent;
      if (results.length === 0 && !loop.state && sent === loop.reportedSent) continue;
      const { connectionId, state } = loop;
      host.post(
        { type: "ping", connectionId, loopId, sent, results, ...(state ? { state } : {}) },
        [],
      );
      loop.state = undefined;
      loop.reportedSent = sent;
      if (loop.runner.finished) loops.delete(loopId);
    }
    for (const [scheduleId, schedule] of schedules) {
      if (!schedule.progress) continue;
      const { progress } = schedule;
      host.post(
        { type: "schedule", connectionId: schedule.connectionId, scheduleId, progress },
        [],
      );
      schedule.progress = undefined;
      if (progress.state !== "running") schedules.delete(scheduleId);
    }
  }

  function requestFlush() {
    if (!flushScheduled) {
      flushScheduled = true;
      host.setTimer(flush, flushIntervalMs);
    }
  }

  function batcherFor(connectionId: number): FrameBatcher {
    let batcher = batchers.get(connectionId);
    if (!batcher) {
      batcher = makeFrameBatcher(connectionId, maxBatch);
      batchers.set(connectionId, batcher);
    }
    return batcher;
  }

  function scheduleFlush(batcher: FrameBatcher, urgent = false) {
    if (urgent || batcher.count >= maxBatch) {
      flush();
      return;
    }
    requestFlush();
  }

  /** Events post at once, together with the frames before them, so the status never lags. */
  function pushEvent(batcher: FrameBatcher, event: FrameEvent) {
    batcher.pushEvent(host.now(), event);
    scheduleFlush(batcher, true);
  }

  function detach(socket: SocketLike | undefined) {
    if (!socket) return;
    // Its events would land after the new socket's; silence it before closing.
    socket.onclose = socket.onmessage = socket.onerror = socket.onopen = null;
    if (socket.readyState <= OPEN) socket.close(1000, "reconnecting");
  }

  function open(connectionId: number, connection: Connection) {
    const batcher = batcherFor(connectionId);
    let socket: SocketLike;
    try {
      socket = host.openSocket(connection.url, connection.protocols);
    } catch (error) {
      pushEvent(batcher, { type: "error", message: describeError(error) });
      return;
    }
    connection.socket = socket;
    socket.binaryType = "arraybuffer";
    let opened = false;
    socket.onopen = () => {
      opened = true;
      connection.attempt = 0;
      pushEvent(batcher, {
        type: "open",
        url: socket.url,
        protocol: socket.protocol,
        extensions: socket.extensions,
      });
    };
    socket.onmessage = (event) => {
      const time = host.now();
      const data = event.data;
      if (typeof data === "string") {
        batcher.pushText(time, Direction.In, data, utf8ByteLength(data));
      } else if (data instanceof ArrayBuffer) batcher.pushBinary(time, Direction.In, data);
      else return;
      for (const loop of loops.values()) {
        if (loop.connectionId !== connectionId) continue;
        const rtt = loop.runner.onMessage(data, time);
        if (rtt !== undefined) {
          batcher.annotateRtt(rtt);
          break;
        }
      }
      scheduleFlush(batcher);
    };
    socket.onerror = () => {
      // Browsers give an error event no details on purpose; the close code that follows says more.
      const message = opened
        ? "The connection failed (the browser gives no details; see the close code)"
        : `Could not connect to ${connection.url}`;
      pushEvent(batcher, { type: "error", message });
    };
    socket.onclose = (event) => {
      connection.socket = undefined;
      stopRuns(connectionId, "The connection closed");
      pushEvent(batcher, {
        type: "close",
        code: event.code,
        reason: event.reason,
        wasClean: event.wasClean,
      });
      if (connection.reconnect && !connection.closing) scheduleReconnect(connectionId, connection);
    };
  }

  function scheduleReconnect(connectionId: number, connection: Connection) {
    connection.attempt++;
    const delayMs = reconnectDelay(connection.attempt, host.random);
    pushEvent(batcherFor(connectionId), {
      type: "reconnect",
      attempt: connection.attempt,
      delayMs,
    });
    connection.retryTimer = host.setTimer(() => {
      connection.retryTimer = undefined;
      if (!connection.closing) open(connectionId, connection);
    }, delayMs);
  }

  function connect(command: Extract<CaptureCommand, { type: "connect" }>) {
    const previous = connections.get(command.connectionId);
    if (previous) {
      previous.closing = true;
      if (previous.retryTimer !== undefined) host.clearTimer(previous.retryTimer);
      detach(previous.socket);
    }
    const connection: Connection = {
      url: command.url,
      protocols: command.protocols,
      reconnect: command.reconnect ?? false,
      attempt: 0,
      closing: false,
    };
    connections.set(command.connectionId, connection);
    open(command.connectionId, connection);
  }

  /** Sends and logs a frame; returns its send time, or undefined when the socket is not open. */
  function send(connectionId: number, payload: string | ArrayBuffer): number | undefined {
    const socket = connections.get(connectionId)?.socket;
    const batcher = batcherFor(connectionId);
    if (!socket || socket.readyState !== OPEN) {
      pushEvent(batcher, { type: "error", message: "Cannot send: the connection is not open" });
      return undefined;
    }
    // Stamped just before the send call: the moment the frame is handed to the socket.
    const time = host.now();
    socket.send(payload);
    if (typeof payload === "string") {
      batcher.pushText(time, Direction.Out, payload, utf8ByteLength(payload));
    } else {
      batcher.pushBinary(time, Direction.Out, payload);
    }
    scheduleFlush(batcher);
    return time;
  }

  function startPing(connectionId: number, spec: Parameters<typeof makePingRunner>[0]) {
    loops.get(spec.loopId)?.runner.stop("Replaced by a new run");
    const loop: Loop = {
      connectionId,
      reportedSent: 0,
      runner: makePingRunner(spec, {
        host,
        send: (text) => send(connectionId, text),
        onState(state) {
          loop.state = state;
          requestFlush();
        },
      }),
    };
    loops.set(spec.loopId, loop);
    loop.runner.start();
  }

  function startSchedule(connectionId: number, spec: Parameters<typeof startScheduledSend>[0]) {
    schedules.get(spec.scheduleId)?.stop();
    const schedule: Schedule = { connectionId, stop: () => {} };
    schedules.set(spec.scheduleId, schedule);
    schedule.stop = startScheduledSend(spec, {
      host,
      send: (payload) => send(connectionId, payload),
      onProgress(progress) {
        schedule.progress = progress;
        requestFlush();
      },
    }).stop;
  }

  /** Ends the ping loops and schedules of a connection. */
  function stopRuns(connectionId: number, reason: string) {
    for (const loop of loops.values())
      if (loop.connectionId === connectionId) loop.runner.stop(reason);
    for (const schedule of schedules.values())
      if (schedule.connectionId === connectionId) schedule.stop();
  }

  function close(connectionId: number, code?: number, reason?: string) {
    const connection = connections.get(connectionId);
    if (!connection) return;
    connection.closing = true;
    if (connection.retryTimer !== undefined) {
      host.clearTimer(connection.retryTimer);
      connection.retryTimer = undefined;
      pushEvent(batcherFor(connectionId), { type: "info", message: "Reconnect cancelled" });
    }
    try {
      connection.socket?.close(code, reason);
    } catch (error) {
      pushEvent(batcherFor(connectionId), { type: "error", message: describeError(error) });
    }
  }

  return {
    handle(command: CaptureCommand) {
      switch (command.type) {
        case "connect":
          return connect(command);
        case "send":
          send(command.connectionId, command.payload);
          return;
        case "close":
          return close(command.connectionId, command.code, command.reason);
        case "ping-start":
          return startPing(command.connectionId, command.spec);
        case "ping-stop":
          return loops.get(command.loopId)?.runner.stop();
        case "schedule-start":
          return startSchedule(command.connectionId, command.spec);
        case "schedule-stop":
          return schedules.get(command.scheduleId)?.stop();
      }
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
