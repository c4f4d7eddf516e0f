import { utf8ByteLength } from "../model/bytes.ts";
import { Direction, type FrameEvent } from "../model/frame.ts";
import { batchTransferables, type FrameBatcher, makeFrameBatcher } from "../model/frame-batch.ts";
import { reconnectDelay } from "../model/reconnect.ts";
import type { CaptureCommand, CaptureReport } from "./protocol.ts";

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
  let flushScheduled = false;

  function flush() {
    flushScheduled = false;
    for (const batcher of batchers.values()) {
      const batch = batcher.take();
      if (batch) host.post({ type: "frames", batch }, batchTransferables(batch));
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
    if (!flushScheduled) {
      flushScheduled = true;
      host.setTimer(flush, flushIntervalMs);
    }
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
      if (typeof data === "string")
        batcher.pushText(time, Direction.In, data, utf8ByteLength(data));
      else if (data instanceof ArrayBuffer) batcher.pushBinary(time, Direction.In, data);
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

  function send(connectionId: number, payload: string | ArrayBuffer) {
    const socket = connections.get(connectionId)?.socket;
    const batcher = batcherFor(connectionId);
    if (!socket || socket.readyState !== OPEN) {
      pushEvent(batcher, { type: "error", message: "Cannot send: the connection is not open" });
      return;
    }
    socket.send(payload);
    const time = host.now();
    if (typeof payload === "string") {
      batcher.pushText(time, Direction.Out, payload, utf8ByteLength(payload));
    } else {
      batcher.pushBinary(time, Direction.Out, payload);
    }
    scheduleFlush(batcher);
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
          return send(command.connectionId, command.payload);
        case "close":
          return close(command.connectionId, command.code, command.reason);
      }
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
