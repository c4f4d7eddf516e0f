import type { Socket } from "node:net";
import type WebSocket from "ws";
import type { WireSize } from "../protocol/wire-size.ts";
import { makeFrameScanner, type ScannedMessage } from "./frame-scanner.ts";

/** Messages measured but not yet claimed, at most; a stream that runs ahead stops being measured. */
const MAX_UNCLAIMED = 4096;

/**
 * What a `ws` socket's messages took on the wire, both ways. `ws` reports messages after
 * inflating them and compresses what it sends out of sight, so the meter reads the TCP stream
 * itself: the frame headers of every chunk read (before `ws` sees it) and of every chunk
 * written (after `ws` compressed it), with the RFC 6455 scanner in frame-scanner.ts.
 */
export interface WireMeter {
  /**
   * The wire size of the message `ws` is reporting now: call it from the `message` listener,
   * once per message, in order. Undefined when it could not be measured.
   */
  received(): WireSize | undefined;
  /**
   * Calls `written` when the next data message sent after this call has been written to the
   * socket, with its wire size; or without one when the socket closed first. Register it just
   * before each `send`, so the callbacks pair with the messages in order.
   */
  whenWritten(written: (wire: WireSize | undefined) => void): void;
}

/**
 * Starts measuring `ws`'s socket. Call it from the `open` listener: `ws` has attached its own
 * reader by then, but data only flows from the next tick, so nothing read is missed.
 */
export function meterSocket(ws: WebSocket): WireMeter {
  const socket = (ws as unknown as { _socket?: Socket })._socket;
  const incoming: WireSize[] = [];
  const writers: ((wire: WireSize | undefined) => void)[] = [];
  let broken = socket === undefined;

  const wireOf = ({ payload, overhead, compressed }: ScannedMessage): WireSize => ({
    payload,
    overhead,
    compressed,
  });
  const readScanner = makeFrameScanner((message) => {
    if (incoming.length >= MAX_UNCLAIMED) broken = true;
    else incoming.push(wireOf(message));
  });
  const writeScanner = makeFrameScanner((message) => writers.shift()?.(wireOf(message)));
  const flushWriters = () => {
    for (const written of writers.splice(0)) written(undefined);
  };

  if (socket) {
    // First in line, so a chunk is scanned before `ws` parses it and reports its messages.
    socket.prependListener("data", (chunk: Buffer) => readScanner.write(chunk));
    const write = socket.write;
    socket.write = function (this: Socket, chunk: unknown, ...rest: unknown[]) {
      const result = (write as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      if (chunk instanceof Uint8Array) writeScanner.write(chunk);
      else if (typeof chunk === "string") writeScanner.write(Buffer.from(chunk));
      if (writeScanner.failed !== undefined) flushWriters();
      return result;
    } as Socket["write"];
    // Messages still being compressed when the socket closed were never written.
    // Before `ws` hears of the close, so the messages are reported before the close is.
    socket.prependOnceListener("close", flushWriters);
  }

  return {
    received() {
      if (broken || readScanner.failed !== undefined) return undefined;
      return incoming.shift();
    },
    whenWritten(written) {
      if (broken || writeScanner.failed !== undefined || socket?.destroyed) written(undefined);
      else writers.push(written);
    },
  };
}
