import { directSubprotocolHint } from "../../../echo-server/protocol/relay-wire.ts";
import { reconnectDelay } from "../model/connect/reconnect.ts";
import { utf8ByteLength } from "../model/frames/bytes.ts";
import { Direction, FrameKind } from "../model/frames/frame.ts";
import type { FrameBatcher } from "../model/frames/frame-batch.ts";
import { openDirect } from "./direct-transport.ts";
import { makePingRunner, type PingRunner } from "./ping-runner.ts";
import type { CaptureCommand, CaptureReport, PingLoopState, ScheduleProgress } from "./protocol.ts";
import { openViaRelay } from "./relay-transport.ts";
import { startReplay } from "./replay.ts";
import { makeReportFlusher, type ReportFlusherOptions } from "./report-flusher.ts";
import { startScheduledSend } from "./scheduled-send.ts";
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

/**
 * Owns the connections: timestamps every frame and event the moment it happens (or takes the
 * relay's timestamps), posts them to the UI in batches, runs ping loops and scheduled sends,
 * and reconnects with backoff when asked to. Runs inside the capture worker, so its timers are
 * not throttled with a background tab; plain so it can be tested in Node.
 */
export function makeCaptureEngine(host: CaptureHost, options: CaptureEngineOptions = {}) {
  const connections = new Map<number, Connection>();
  const loops = new Map<number, Loop>();
  const schedules = new Map<number, Schedule>();
  const { batcherFor, requestFlush, pushEvent } = makeReportFlusher(host, options, reportRuns);

  /** Posts new ping results and schedule progress (after the frames), and forgets ended runs. */
  function reportRuns() {
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
        stopRuns(connectionId, "The connection closed");
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

  /**
   * A send for ping loops and schedules: returns the frame's send time, taken as it leaves when
   * direct; through the relay the worker's time now, corrected by `onSent` when the relay writes it.
   */
  const sendNow =
    (connectionId: number) => (payload: string | ArrayBuffer, onSent?: (time: number) => void) => {
      let stamped: number | undefined;
      const ok = send(connectionId, payload, (time) => {
        stamped = time;
        onSent?.(time);
      });
      return ok ? (stamped ?? host.now()) : undefined;
    };

  function startPing(connectionId: number, spec: Parameters<typeof makePingRunner>[0]) {
    loops.get(spec.loopId)?.runner.stop("Replaced by a new run");
    const loop: Loop = {
      connectionId,
      reportedSent: 0,
      runner: makePingRunner(spec, {
        host,
        send: sendNow(connectionId),
        onState(state) {
          loop.state = state;
          requestFlush();
        },
      }),
    };
    loops.set(spec.loopId, loop);
    loop.runner.start();
  }

  /** Runs a scheduled send or a replay: both send on a timetable and report progress. */
  function runSchedule(
    connectionId: number,
    scheduleId: number,
    start: (deps: {
      host: CaptureHost;
      send: ReturnType<typeof sendNow>;
      onProgress(progress: ScheduleProgress): void;
    }) => { stop(): void },
  ) {
    schedules.get(scheduleId)?.stop();
    const schedule: Schedule = { connectionId, stop: () => {} };
    schedules.set(scheduleId, schedule);
    schedule.stop = start({
      host,
      send: sendNow(connectionId),
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
          return startPing(command.connectionId, command.spec);
        case "ping-stop":
          return loops.get(command.loopId)?.runner.stop();
        case "schedule-start":
          return runSchedule(command.connectionId, command.spec.scheduleId, (deps) =>
            startScheduledSend(command.spec, deps),
          );
        case "schedule-stop":
          return schedules.get(command.scheduleId)?.stop();
        case "replay-start":
          return runSchedule(command.connectionId, command.spec.scheduleId, (deps) =>
            startReplay(command.spec, deps),
          );
      }
    },
  };
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
