import { directSubprotocolHint } from "../../../echo-server/protocol/relay-wire.ts";
import { reconnectDelay } from "../model/connect/reconnect.ts";
import { utf8ByteLength } from "../model/frames/bytes.ts";
import { Direction, FrameKind } from "../model/frames/frame.ts";
import type { FrameBatcher } from "../model/frames/frame-batch.ts";
import { openDirect } from "./direct-transport.ts";
import type { CaptureCommand, CaptureReport } from "./protocol.ts";
import { openViaRelay } from "./relay-transport.ts";
import { makeReportFlusher, type ReportFlusherOptions } from "./report-flusher.ts";
import { makeRuns } from "./runs.ts";
import type { SocketLike, Transport, TransportEvents } from "./transport.ts";

export type { SocketLike } from "./transport.ts";

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
export type CaptureEngineOptions = ReportFlusherOptions;

type ConnectCommand = Extract<CaptureCommand, { type: "connect" }>;

/** A frame handed to the transport whose send time is not known yet. */
interface PendingSend {
  payload: string | ArrayBuffer;
  onSent?: (time: number) => void;
}

/** One connection the engine looks after, across reconnects. */
interface Connection {
  command: ConnectCommand;
  transport?: Transport;
  pending: PendingSend[];
  /** Reconnect attempts since the last successful open. */
  attempt: number;
  retryTimer?: unknown;
  /** Set when the user asked to close: no reconnect follows. */
  closing: boolean;
}

/**
 * Owns the connections: timestamps every frame and event the moment it happens (or takes the
 * relay's timestamps), posts them to the UI in batches, runs ping loops and scheduled sends,
 * and reconnects with backoff when asked to. Runs inside the capture worker, so its timers are
 * not throttled with a background tab; plain so it can be tested in Node.
 */
export function makeCaptureEngine(host: CaptureHost, options: CaptureEngineOptions = {}) {
  const connections = new Map<number, Connection>();
  // A flush posts the runs' reports after the frames, and the runs send on the connections: the
  // flusher reads `runs` only when it flushes, once everything here exists.
  const { batcherFor, requestFlush, pushEvent } = makeReportFlusher(host, options, () =>
    runs.report(),
  );
  const runs = makeRuns({ host, send, requestFlush });
  const { loops } = runs;

  function pushData(
    batcher: FrameBatcher,
    time: number,
    direction: Direction,
    data: string | ArrayBuffer,
  ) {
    if (typeof data === "string") batcher.pushText(time, direction, data, utf8ByteLength(data));
    else batcher.pushBinary(time, direction, data);
  }

  /** How a connection's transport reports into the log. */
  function eventsFor(connectionId: number, connection: Connection): TransportEvents {
    const batcher = batcherFor(connectionId);
    return {
      open(time, info) {
        connection.attempt = 0;
        pushEvent(connectionId, { type: "open", ...info }, time);
      },
      message(time, data) {
        pushData(batcher, time, Direction.In, data);
        for (const loop of loops.values()) {
          if (loop.connectionId !== connectionId) continue;
          const rtt = loop.runner.onMessage(data, time);
          if (rtt !== undefined) {
            batcher.annotateRtt(rtt);
            break;
          }
        }
        requestFlush(batcher);
      },
      sent(time) {
        const pending = connection.pending.shift();
        if (!pending) return;
        pushData(batcher, time, Direction.Out, pending.payload);
        pending.onSent?.(time);
        requestFlush(batcher);
      },
      control(time, kind, from, data, rtt) {
        const frameKind = kind === "ping" ? FrameKind.Ping : FrameKind.Pong;
        batcher.pushControl(
          time,
          frameKind,
          from === "server" ? Direction.In : Direction.Out,
          data,
        );
        if (rtt !== undefined) batcher.annotateRtt(rtt);
        requestFlush(batcher);
      },
      error(time, message, extra) {
        pushEvent(connectionId, { type: "error", message, ...extra }, time);
      },
      close(time, code, reason, wasClean, side) {
        connection.transport = undefined;
        connection.pending = [];
        runs.stopFor(connectionId, "The connection closed");
        pushEvent(
          connectionId,
          { type: "close", code, reason, wasClean, ...(side ? { side } : {}) },
          time,
        );
        if (connection.command.reconnect && !connection.closing)
          scheduleReconnect(connectionId, connection);
      },
    };
  }

  function open(connectionId: number, connection: Connection) {
    const { url, protocols, relay } = connection.command;
    const events = eventsFor(connectionId, connection);
    try {
      connection.transport = relay
        ? openViaRelay(
            (relayUrl) => host.openSocket(relayUrl, []) as unknown as WebSocket,
            url,
            protocols,
            relay,
            events,
            host.now,
          )
        : openDirect(
            host.openSocket(url, protocols),
            protocols,
            events,
            host.now,
            directSubprotocolHint,
          );
    } catch (error) {
      pushEvent(connectionId, { type: "error", message: describeError(error) });
    }
  }

  function scheduleReconnect(connectionId: number, connection: Connection) {
    connection.attempt++;
    const delayMs = reconnectDelay(connection.attempt, host.random);
    pushEvent(connectionId, { type: "reconnect", attempt: connection.attempt, delayMs });
    connection.retryTimer = host.setTimer(() => {
      connection.retryTimer = undefined;
      if (!connection.closing) open(connectionId, connection);
    }, delayMs);
  }

  function connect(command: ConnectCommand) {
    const previous = connections.get(command.connectionId);
    if (previous) {
      previous.closing = true;
      if (previous.retryTimer !== undefined) host.clearTimer(previous.retryTimer);
      previous.transport?.abandon();
    }
    const connection: Connection = { command, pending: [], attempt: 0, closing: false };
    connections.set(command.connectionId, connection);
    open(command.connectionId, connection);
  }

  /**
   * Sends a frame. The log gets it when it leaves: at once when direct, when the relay has
   * written it otherwise. Returns false (and logs why) when the connection is not open.
   */
  function send(
    connectionId: number,
    payload: string | ArrayBuffer,
    onSent?: (time: number) => void,
  ): boolean {
    const connection = connections.get(connectionId);
    const transport = connection?.transport;
    if (!connection || !transport?.isOpen) {
      pushEvent(connectionId, {
        type: "error",
        message: "Cannot send: the connection is not open",
      });
      return false;
    }
    connection.pending.push({ payload, ...(onSent ? { onSent } : {}) });
    transport.send(payload);
    return true;
  }

  function close(connectionId: number, code?: number, reason?: string) {
    const connection = connections.get(connectionId);
    if (!connection) return;
    connection.closing = true;
    if (connection.retryTimer !== undefined) {
      host.clearTimer(connection.retryTimer);
      connection.retryTimer = undefined;
      pushEvent(connectionId, { type: "info", message: "Reconnect cancelled" });
    }
    try {
      connection.transport?.close(code, reason);
    } catch (error) {
      pushEvent(connectionId, { type: "error", message: describeError(error) });
    }
  }

  /** Relay-only controls; a direct connection cannot send control frames. */
  function control(connectionId: number, use: (transport: Transport) => void) {
    const transport = connections.get(connectionId)?.transport;
    if (transport?.via === "relay" && transport.isOpen) use(transport);
    else
      pushEvent(connectionId, {
        type: "error",
        message: "Ping frames and auto-pong need a connection via the relay",
      });
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
        case "control-ping":
          return control(command.connectionId, (transport) =>
            transport.ping?.(new TextEncoder().encode(command.payload)),
          );
        case "auto-pong":
          return control(command.connectionId, (transport) =>
            transport.setAutoPong?.(command.enabled),
          );
        case "ping-start":
          return runs.startPing(command.connectionId, command.spec);
        case "ping-stop":
          return runs.stopPing(command.loopId);
        case "schedule-start":
          return runs.startSchedule(command.connectionId, command.spec);
        case "schedule-stop":
          return runs.stopSchedule(command.scheduleId);
        case "replay-start":
          return runs.startReplay(command.connectionId, command.spec);
      }
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
