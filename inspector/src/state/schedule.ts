import { createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import type { ReplaySpec, ScheduleProgress, ScheduleSpec } from "../capture/protocol.ts";

/**
 * A scheduled send and a replay run by the capture worker, each with its own progress: they are
 * separate runs (each with its id), so each control shows its own status and stops its own run.
 */
export interface Schedule {
  /** The scheduled send's progress. */
  readonly progress: () => ScheduleProgress | undefined;
  readonly running: () => boolean;
  start(payload: ScheduleSpec["payload"], intervalMs: number, count: number): void;
  stop(): void;
  /** The replay's progress. */
  readonly replayProgress: () => ScheduleProgress | undefined;
  readonly replayRunning: () => boolean;
  /** Sends frames again at their original gaps, or as fast as possible. */
  replay(frames: ReplaySpec["frames"], timing: ReplaySpec["timing"]): void;
  stopReplay(): void;
}

let nextScheduleId = 1;

/** One run at a time of one kind: its id and its progress. */
function makeRun() {
  const [progress, setProgress] = createSignal<ScheduleProgress>();
  let runId = 0;
  return {
    progress,
    running: () => progress()?.state === "running",
    /** Takes a fresh id for a run of `total` sends, and returns it. */
    begin(total: number) {
      runId = nextScheduleId++;
      setProgress({ sent: 0, total, state: "running" });
      return runId;
    },
    id: () => runId,
    report(scheduleId: number, next: ScheduleProgress) {
      if (scheduleId === runId) setProgress(next);
    },
  };
}

/** Scheduled sends and replays for one connection (one of each at a time). */
export function createSchedule(client: CaptureClient, connectionId: number): Schedule {
  const send = makeRun();
  const replay = makeRun();
  const stop = client.onReport(connectionId, (report) => {
    if (report.type !== "schedule") return;
    send.report(report.scheduleId, report.progress);
    replay.report(report.scheduleId, report.progress);
  });
  onCleanup(stop);
  return {
    progress: send.progress,
    running: send.running,
    start(payload, intervalMs, count) {
      if (send.running()) client.stopSchedule(connectionId, send.id());
      const scheduleId = send.begin(count);
      client.startSchedule(connectionId, { scheduleId, payload, intervalMs, count });
    },
    stop: () => client.stopSchedule(connectionId, send.id()),
    replayProgress: replay.progress,
    replayRunning: replay.running,
    replay(frames, timing) {
      if (replay.running()) client.stopSchedule(connectionId, replay.id());
      const scheduleId = replay.begin(frames.length);
      client.startReplay(connectionId, { scheduleId, frames, timing });
    },
    stopReplay: () => client.stopSchedule(connectionId, replay.id()),
  };
}
