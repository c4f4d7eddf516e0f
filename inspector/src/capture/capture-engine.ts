import { type ConnectionHost, makeConnections } from "./connections.ts";
import type { CaptureCommand } from "./protocol.ts";
import { makeProtocolTracking } from "./protocol-tracking.ts";
import { makeReportFlusher, type ReportFlusherOptions, type ReportHost } from "./report-flusher.ts";
import { makeRuns, type RunsHost } from "./runs.ts";
import { makeScenarioRuns } from "./scenario-runs.ts";
import { makeTapWatches } from "./tap-watch.ts";

export type { SocketLike } from "./transport.ts";

/** What the engine needs from its host (the worker global in production). */
export interface CaptureHost extends ConnectionHost, ReportHost, RunsHost {}

/** Batching knobs. */
export type CaptureEngineOptions = ReportFlusherOptions;

/**
 * Owns the connections: timestamps every frame and event the moment it happens (or takes the
 * relay's timestamps), posts them to the UI in batches, runs ping loops and scheduled sends,
 * and reconnects with backoff when asked to. Runs inside the capture worker, so its timers are
 * not throttled with a background tab; plain so it can be tested in Node.
 */
export function makeCaptureEngine(host: CaptureHost, options: CaptureEngineOptions = {}) {
  // The three parts refer to each other: a flush posts the runs' reports after the frames, the
  // runs send on the connections, and a closing connection stops its runs. The two links back
  // are arrow functions, read only once everything below exists.
  const flusher = makeReportFlusher(host, options, () => runs.report());
  // A tab that watches a tap sends by injecting into it: its schedules and replays too.
  const send = (
    connectionId: number,
    payload: string | ArrayBuffer,
    onSent?: (time: number) => void,
  ) =>
    taps.has(connectionId)
      ? taps.send(connectionId, payload, onSent)
      : connections.send(connectionId, payload, onSent);
  const runs = makeRuns({ host, send, requestFlush: flusher.requestFlush });
  const tracking = makeProtocolTracking(host);
  const connections = makeConnections(host, flusher, runs, tracking);
  const taps = makeTapWatches(host, flusher);
  const scenarios = makeScenarioRuns(host);

  /** Runs a protocol action: its frames go out in order, and the UI hears how it went. */
  function act(command: Extract<CaptureCommand, { type: "protocol-action" }>) {
    const { connectionId, requestId } = command;
    const outcome = tracking.act(connectionId, command.action);
    let result: { ok: true; id?: string } | { ok: false; error: string };
    if (!outcome.ok) result = outcome;
    else if (!outcome.send.every((frame) => connections.send(connectionId, frame)))
      result = { ok: false, error: "Not sent: the connection is not open" };
    else result = { ok: true, ...(outcome.id !== undefined ? { id: outcome.id } : {}) };
    host.post({ type: "protocol-action", connectionId, requestId, result }, []);
  }

  return {
    handle(command: CaptureCommand) {
      switch (command.type) {
        case "connect":
          return connections.connect(command);
        case "send":
          send(command.connectionId, command.payload);
          return;
        case "close":
          if (taps.has(command.connectionId)) return taps.close(command.connectionId);
          return connections.close(command.connectionId, command.code, command.reason);
        case "control-ping":
          return connections.control(command.connectionId, (transport) =>
            transport.ping?.(new TextEncoder().encode(command.payload)),
          );
        case "auto-pong":
          return connections.control(command.connectionId, (transport) =>
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
        case "tap-watch":
          return taps.watch(command.connectionId, command.url);
        case "tap-command":
          taps.command(command.connectionId, command.command);
          return;
        case "tap-target":
          return taps.setTarget(command.connectionId, command.target);
        case "scenario-run":
          return scenarios.start(command.spec);
        case "scenario-stop":
          return scenarios.stop(command.runId);
        case "protocol-config":
          return tracking.configure(command.connectionId, command.config);
        case "protocol-action":
          return act(command);
        case "protocol-reset":
          return tracking.reset(command.connectionId);
      }
    },
  };
}
