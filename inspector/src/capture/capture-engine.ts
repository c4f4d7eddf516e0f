import { utf8ByteLength } from "../model/bytes.ts";
import { Direction, type FrameEvent } from "../model/frame.ts";
import { batchTransferables, type FrameBatcher, makeFrameBatcher } from "../model/frame-batch.ts";
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
}

/** Batching knobs. */
export interface CaptureEngineOptions {
  /** Longest a frame waits before it is posted to the UI. @default 16 */
  flushIntervalMs?: number;
  /** Frames per connection that trigger an immediate post. @default 4096 */
  maxBatch?: number;
}

const OPEN = 1;

/**
 * Owns the sockets: timestamps every frame and event the moment it happens and posts them to
 * the UI in batches. Runs inside the capture worker; plain so it can be tested in Node.
 */
export function makeCaptureEngine(host: CaptureHost, options: CaptureEngineOptions = {}) {
  const flushIntervalMs = options.flushIntervalMs ?? 16;
  const maxBatch = options.maxBatch ?? 4096;
  const sockets = new Map<number, SocketLike>();
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

  function connect(connectionId: number, url: string, protocols: string[]) {
    const batcher = batcherFor(connectionId);
    const previous = sockets.get(connectionId);
    if (previous && previous.readyState <= OPEN) {
      // Its close event would land after the new socket's events; detach it first.
      previous.onclose = previous.onmessage = previous.onerror = previous.onopen = null;
      previous.close(1000, "reconnecting");
    }
    let socket: SocketLike;
    try {
      socket = host.openSocket(url, protocols);
    } catch (error) {
      pushEvent(batcher, { type: "error", message: describeError(error) });
      return;
    }
    socket.binaryType = "arraybuffer";
    let opened = false;
    socket.onopen = () => {
      opened = true;
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
        : `Could not connect to ${url}`;
      pushEvent(batcher, { type: "error", message });
    };
    socket.onclose = (event) => {
      sockets.delete(connectionId);
      pushEvent(batcher, {
        type: "close",
        code: event.code,
        reason: event.reason,
        wasClean: event.wasClean,
      });
    };
    sockets.set(connectionId, socket);
  }

  function send(connectionId: number, payload: string | ArrayBuffer) {
    const socket = sockets.get(connectionId);
    const batcher = batcherFor(connectionId);
    if (!socket || socket.readyState !== OPEN) {
      pushEvent(batcher, {
        type: "error",
        message: "Cannot send: the connection is not open",
      });
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
    try {
      sockets.get(connectionId)?.close(code, reason);
    } catch (error) {
      pushEvent(batcherFor(connectionId), { type: "error", message: describeError(error) });
    }
  }

  return {
    handle(command: CaptureCommand) {
      switch (command.type) {
        case "connect":
          return connect(command.connectionId, command.url, command.protocols);
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
