import { directSubprotocolHint } from "../../../echo-server/protocol/relay-wire.ts";
import { explainDirectFailure, relayCanProbe } from "../model/connect/connect-failure.ts";
import { reconnectDelay } from "../model/connect/reconnect.ts";
import { utf8ByteLength } from "../model/frames/bytes.ts";
import { Direction, FrameKind } from "../model/frames/frame.ts";
import type { FrameBatcher } from "../model/frames/frame-batch.ts";
import { openDirect } from "./direct-transport.ts";
import type { CaptureCommand } from "./protocol.ts";
import type { ProtocolTracking } from "./protocol-tracking.ts";
import { type ProbeResult, probeViaRelay } from "./relay-probe.ts";
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
  /**
   * The bundled server's relay and this page's origin, when the relay may be asked why a direct
   * connection failed (see relay-probe.ts); without it the browser's own words stand.
   */
  probeRelay?: { relayUrl: string; origin: string };
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
  /** When the current attempt began; cleared when it opens. */
  attemptStart?: number;
  /** A direct attempt's failure, held while the relay is asked what the browser hides. */
  held?: HeldFailure;
  /** The URL and subprotocols of the current attempt, as the protocol prepared them. */
  dialed?: { url: string; protocols: string[] };
}

type ErrorExtra = Parameters<TransportEvents["error"]>[2];
type CloseArgs = Parameters<TransportEvents["close"]>;

/** A failure waiting for the probe's answer: the error, and the close once it came. */
interface HeldFailure {
  error: { time: number; message: string; extra: ErrorExtra };
  close?: CloseArgs;
  cancel(): void;
}

/**
 * The engine's connections, by connection id: opens each one direct or through the relay,
 * turns what its transport reports into frames and events in its batcher, pairs received
 * messages with the ping loops' pings, and reconnects with backoff when asked to. With
 * `tracking`, each frame is read by the connection's protocol, which may answer on its own.
 */
export function makeConnections(
  host: ConnectionHost,
  flusher: ReportFlusher,
  runs: Pick<Runs, "loops" | "stopFor">,
  tracking?: ProtocolTracking,
) {
  // Taken out once: the message handler below runs for every frame.
  const { batcherFor, requestFlush, pushEvent } = flusher;
  const { loops } = runs;
  const connections = new Map<number, Connection>();

  /** Logs an error; one before the attempt opened carries when the attempt began. */
  function reportError(
    connectionId: number,
    connection: Connection,
    time: number,
    message: string,
    extra: ErrorExtra,
  ) {
    const { attemptStart } = connection;
    pushEvent(
      connectionId,
      { type: "error", message, ...extra, ...(attemptStart !== undefined ? { attemptStart } : {}) },
      time,
    );
  }

  function reportClose(
    connectionId: number,
    connection: Connection,
    ...[time, code, reason, wasClean, side]: CloseArgs
  ) {
    const { attemptStart } = connection;
    connection.transport = undefined;
    connection.pending = [];
    connection.attemptStart = undefined;
    runs.stopFor(connectionId, "The connection closed");
    tracking?.closed(connectionId);
    pushEvent(
      connectionId,
      {
        type: "close",
        code,
        reason,
        wasClean,
        ...(side ? { side } : {}),
        ...(attemptStart !== undefined ? { attemptStart } : {}),
      },
      time,
    );
    if (connection.command.reconnect && !connection.closing)
      scheduleReconnect(connectionId, connection);
  }

  /**
   * Holds a direct attempt's failure and asks the relay to dial the same URL, when it may: the
   * browser says nothing about why (a 401, a refused port), the relay can. The error and close
   * are logged, with their own times, once the answer is in (or at once, as they were, without
   * one).
   */
  function probeFailure(
    connectionId: number,
    connection: Connection,
    error: HeldFailure["error"],
  ): boolean {
    const relay = host.probeRelay;
    const { url, protocols } = connection.dialed ?? connection.command;
    if (!relay || connection.held || !relayCanProbe(url, relay.origin)) return false;
    const held: HeldFailure = { error, cancel: () => {} };
    connection.held = held;
    held.cancel = probeViaRelay(
      {
        now: host.now,
        openRelaySocket: (relayUrl) => host.openSocket(relayUrl, []) as unknown as WebSocket,
        setTimer: host.setTimer,
        clearTimer: host.clearTimer,
      },
      relay,
      url,
      protocols,
      (result) => releaseHeld(connectionId, connection, result),
    );
    return true;
  }

  /** Logs a held failure: in the relay's words when it answered, else as the browser gave it. */
  function releaseHeld(connectionId: number, connection: Connection, result?: ProbeResult) {
    const held = connection.held;
    if (!held) return;
    connection.held = undefined;
    const { url } = connection.command;
    const words =
      result && explainDirectFailure(result.answer, { url, pageOrigin: host.probeRelay?.origin });
    const { time, message, extra } = held.error;
    if (words)
      reportError(connectionId, connection, time, words.message, {
        ...(words.diagnosis ? { diagnosis: words.diagnosis } : {}),
        ...(result?.handshake ? { handshake: result.handshake } : {}),
      });
    else reportError(connectionId, connection, time, message, extra);
    if (held.close) reportClose(connectionId, connection, ...held.close);
  }

  /** Stops waiting for a probe: the failure is logged as the browser gave it. */
  function dropProbe(connectionId: number, connection: Connection) {
    connection.held?.cancel();
    releaseHeld(connectionId, connection);
  }

  /**
   * Offers a received message to the connection's ping loops: the first that pairs it with a
   * ping marks it with the RTT; when none does, each loop counts it as unmatched.
   */
  function offerToLoops(
    connectionId: number,
    batcher: FrameBatcher,
    data: string | ArrayBuffer,
    time: number,
  ) {
    let offered = false;
    for (const loop of loops.values()) {
      if (loop.connectionId !== connectionId) continue;
      offered = true;
      const rtt = loop.runner.onMessage(data, time);
      if (rtt !== undefined) return batcher.annotateRtt(rtt);
    }
    if (!offered) return;
    for (const loop of loops.values())
      if (loop.connectionId === connectionId) loop.runner.onUnmatched(data);
  }

  /** How a connection's transport reports into the log. */
  function eventsFor(connectionId: number, connection: Connection): TransportEvents {
    const batcher = batcherFor(connectionId);
    return {
      open(time, info) {
        connection.attempt = 0;
        connection.attemptStart = undefined;
        pushEvent(connectionId, { type: "open", ...info }, time);
        if (!tracking) return;
        const opened = tracking.opened(connectionId, info.protocol, time);
        for (const message of opened.info) pushEvent(connectionId, { type: "info", message }, time);
        for (const frame of opened.send) api.send(connectionId, frame);
      },
      message(time, data, wire) {
        pushData(batcher, time, Direction.In, data);
        if (wire) batcher.annotateWire(wire);
        // Only while a ping loop runs (anywhere) is a message offered to the loops.
        if (loops.size > 0) offerToLoops(connectionId, batcher, data, time);
        if (tracking?.reads(connectionId)) {
          // The note goes on the frame before any answer is pushed after it.
          const { note, send } = tracking.received(connectionId, data, time);
          if (note) batcher.annotateNote(note);
          for (const frame of send) api.send(connectionId, frame);
        }
        requestFlush(batcher);
      },
      sent(time, wire) {
        const pending = connection.pending.shift();
        if (!pending) return;
        pushData(batcher, time, Direction.Out, pending.payload);
        const note = tracking?.reads(connectionId)
          ? tracking.sent(connectionId, pending.payload, time)
          : undefined;
        if (note) batcher.annotateNote(note);
        if (wire) batcher.annotateWire(wire);
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
        const beforeOpen = connection.attemptStart !== undefined;
        const direct = connection.command.relay === undefined;
        if (
          beforeOpen &&
          direct &&
          probeFailure(connectionId, connection, { time, message, extra })
        )
          return;
        reportError(connectionId, connection, time, message, extra);
      },
      close(...args) {
        if (connection.held) connection.held.close = args;
        else reportClose(connectionId, connection, ...args);
      },
    };
  }

  function open(connectionId: number, connection: Connection) {
    const { relay } = connection.command;
    // The protocol may need more of the URL or the subprotocols (Engine.IO's query, a
    // subprotocol graphql-ws insists on); the log says what was added, on the first attempt.
    const target = tracking?.target(
      connectionId,
      connection.command.url,
      connection.command.protocols,
    );
    const url = target?.url ?? connection.command.url;
    const protocols = target?.protocols ?? connection.command.protocols;
    connection.dialed = { url, protocols };
    if (connection.attempt === 0)
      for (const message of target?.changes ?? [])
        pushEvent(connectionId, { type: "info", message });
    const events = eventsFor(connectionId, connection);
    connection.attemptStart = host.now();
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
      // No socket, so no close follows: this is not an attempt that failed to open.
      connection.attemptStart = undefined;
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

  const api = {
    /** Opens a connection, dropping any earlier one with the same id. */
    connect(command: ConnectCommand) {
      const previous = connections.get(command.connectionId);
      if (previous) {
        previous.closing = true;
        if (previous.retryTimer !== undefined) host.clearTimer(previous.retryTimer);
        dropProbe(command.connectionId, previous);
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
      dropProbe(connectionId, connection);
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
  return api;
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
