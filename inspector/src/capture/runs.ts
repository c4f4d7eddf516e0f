import type { PacerHost } from "../../../echo-server/protocol/ping/pacer.ts";
import { makePingRunner, type PingRunner } from "../../../echo-server/protocol/ping/ping-runner.ts";
import type {
  CaptureReport,
  PingLoopSpec,
  PingLoopState,
  ReplaySpec,
  ScheduleProgress,
  ScheduleSpec,
} from "./protocol.ts";
import { startReplay } from "./replay.ts";
import { startScheduledSend } from "./scheduled-send.ts";

/** What the runs need from the host: timers for pacing, and a way to post their reports. */
export interface RunsHost extends PacerHost {
  post(report: CaptureReport, transfer: Transferable[]): void;
}

/** What the runs need from the rest of the engine. */
export interface RunsDeps {
  host: RunsHost;
  /** Sends on a connection (see the connections' `send`); false when it is not open. */
  send(
    connectionId: number,
    payload: string | ArrayBuffer,
    onSent?: (time: number) => void,
  ): boolean;
  /** Asks for a flush soon, which calls `report`. */
  requestFlush(): void;
}

/** A ping loop with what it has not reported yet. */
export interface RunningLoop {
  connectionId: number;
  runner: PingRunner;
  state?: PingLoopState;
  reportedSent: number;
  /** Unmatched messages counted at the last report. */
  reportedUnmatched?: number;
}

/** A scheduled send (or a replay) with the progress it has not reported yet. */
interface RunningSchedule {
  connectionId: number;
  stop(): void;
  progress?: ScheduleProgress;
}

/**
 * The ping loops, scheduled sends and replays running on the engine's connections, keyed by
 * their loop or schedule id. Each stays listed until its final report is posted, so the UI
 * always hears how a run ended.
 */
export function makeRuns(deps: RunsDeps) {
  const { host } = deps;
  const loops = new Map<number, RunningLoop>();
  const schedules = new Map<number, RunningSchedule>();

  /**
   * A send for ping loops and schedules: returns the frame's send time, taken as it leaves when
   * direct; through the relay the worker's time now, corrected by `onSent` when the relay writes it.
   */
  const sendNow =
    (connectionId: number) => (payload: string | ArrayBuffer, onSent?: (time: number) => void) => {
      let stamped: number | undefined;
      const ok = deps.send(connectionId, payload, (time) => {
        stamped = time;
        onSent?.(time);
      });
      return ok ? (stamped ?? host.now()) : undefined;
    };

  function startPing(connectionId: number, spec: PingLoopSpec) {
    loops.get(spec.loopId)?.runner.stop("Replaced by a new run");
    const loop: RunningLoop = {
      connectionId,
      reportedSent: 0,
      runner: makePingRunner(spec, {
        host,
        send: sendNow(connectionId),
        onState(state) {
          loop.state = state;
          deps.requestFlush();
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
      host: PacerHost;
      send: ReturnType<typeof sendNow>;
      onProgress(progress: ScheduleProgress): void;
    }) => { stop(): void },
  ) {
    schedules.get(scheduleId)?.stop();
    const schedule: RunningSchedule = { connectionId, stop: () => {} };
    schedules.set(scheduleId, schedule);
    schedule.stop = start({
      host,
      send: sendNow(connectionId),
      onProgress(progress) {
        schedule.progress = progress;
        deps.requestFlush();
      },
    }).stop;
  }

  return {
    /** The ping loops, which the connections offer each received message to. */
    loops: loops as ReadonlyMap<number, RunningLoop>,
    startPing,
    stopPing(loopId: number) {
      loops.get(loopId)?.runner.stop();
    },
    startSchedule(connectionId: number, spec: ScheduleSpec) {
      runSchedule(connectionId, spec.scheduleId, (deps) => startScheduledSend(spec, deps));
    },
    startReplay(connectionId: number, spec: ReplaySpec) {
      runSchedule(connectionId, spec.scheduleId, (deps) => startReplay(spec, deps));
    },
    stopSchedule(scheduleId: number) {
      schedules.get(scheduleId)?.stop();
    },
    /** Ends the ping loops and schedules of a connection. */
    stopFor(connectionId: number, reason: string) {
      for (const loop of loops.values())
        if (loop.connectionId === connectionId) loop.runner.stop(reason);
      for (const schedule of schedules.values())
        if (schedule.connectionId === connectionId) schedule.stop();
    },
    /** Posts new ping results and schedule progress, and forgets the runs that have ended. */
    report() {
      for (const [loopId, loop] of loops) {
        const results = loop.runner.takeResults();
        const sent = loop.runner.sent;
        const { count, examples } = loop.runner.unmatched;
        const newUnmatched = count !== (loop.reportedUnmatched ?? 0);
        if (results.length === 0 && !loop.state && sent === loop.reportedSent && !newUnmatched)
          continue;
        const { connectionId, state } = loop;
        host.post(
          {
            type: "ping",
            connectionId,
            loopId,
            sent,
            results,
            ...(state ? { state } : {}),
            ...(count > 0 ? { unmatched: { count, examples: [...examples] } } : {}),
          },
          [],
        );
        loop.state = undefined;
        loop.reportedSent = sent;
        loop.reportedUnmatched = count;
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
    },
  };
}

export type Runs = ReturnType<typeof makeRuns>;
