import { directSubprotocolHint } from "../../../echo-server/protocol/relay-wire.ts";
import { reconnectDelay } from "../model/connect/reconnect.ts";
import { utf8ByteLength } from "../model/frames/bytes.ts";
import { Direction, FrameKind } from "../model/frames/frame.ts";
import type { FrameBatcher } from "../model/frames/frame-batch.ts";
import { openDirect } from "./direct-transport.ts";
import type { CaptureCommand } from "./protocol.ts";
import { openViaRelay } from "./relay-transport.ts";
import type { ReportFlusher } from "./report-flusher.ts";
import type { Runs } from "./runs.ts";
import type { SocketLike, Transport, TransportEvents } from "./transport.ts";

/** What the connections need from their host (the worker global in production). */
export interface ConnectionHost {
  /** Epoch milliseconds with sub-millisecond precision. */
  now(): number;
  openSocket(url: string, protocols: string[]): SocketLike;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
  random(): number;
}

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
 * The engine's connections, by connection id: opens each one direct or through the relay,
 * turns what its transport reports into frames and events in its batcher, pairs received
 * messages with the ping loops' pings, and reconnects with backoff when asked to.
 */
export function makeConnections(
  host: ConnectionHost,
  flusher: ReportFlusher,
  runs: Pick<Runs, "loops" | "stopFor">,
) {
  // Taken out once: the message handler below runs for every frame.
  const { batcherFor, requestFlush, pushEvent } = flusher;
  const { loops } = runs;
  const connections = new Map<number, Connection>();

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

  return {
    /** Opens a connection, dropping any earlier one with the same id. */
    connect(command: ConnectCommand) {
      const previous = connections.get(command.connectionId);
      if (previous) {
        previous.closing = true;
        if (previous.retryTimer !== undefined) host.clearTimer(previous.retryTimer);
        previous.transport?.abandon();
      }
      const connection: Connection = { command, pending: [], attempt: 0, closing: false };
      connections.set(command.connectionId, connection);
      open(command.connectionId, connection);
    },

    /**
     * Sends a frame. The log gets it when it leaves: at once when direct, when the relay has
     * written it otherwise. Returns false (and logs why) when the connection is not open.
     */
    send(
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
    },

    /** Closes at the user's request: no reconnect follows, and a pending one is cancelled. */
    close(connectionId: number, code?: number, reason?: string) {
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
    },

    /** Relay-only controls; a direct connection cannot send control frames. */
    control(connectionId: number, use: (transport: Transport) => void) {
      const transport = connections.get(connectionId)?.transport;
      if (transport?.via === "relay" && transport.isOpen) use(transport);
      else
        pushEvent(connectionId, {
          type: "error",
          message: "Ping frames and auto-pong need a connection via the relay",
        });
    },
  };
}

export type Connections = ReturnType<typeof makeConnections>;

function pushData(
  batcher: FrameBatcher,
  time: number,
  direction: Direction,
  data: string | ArrayBuffer,
) {
  if (typeof data === "string") batcher.pushText(time, direction, data, utf8ByteLength(data));
  else batcher.pushBinary(time, direction, data);
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
