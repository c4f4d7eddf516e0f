import { createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import type { ReplaySpec, ScheduleProgress, ScheduleSpec } from "../capture/protocol.ts";

/** A scheduled send run by the capture worker, and its progress. */
export interface Schedule {
  readonly progress: () => ScheduleProgress | undefined;
  readonly running: () => boolean;
  start(payload: ScheduleSpec["payload"], intervalMs: number, count: number): void;
  /** Sends frames again at their original gaps, or as fast as possible. */
  replay(frames: ReplaySpec["frames"], timing: ReplaySpec["timing"]): void;
  stop(): void;
}

let nextScheduleId = 1;

/** Scheduled sends for one connection (one at a time). */
export function createSchedule(client: CaptureClient, connectionId: number): Schedule {
  const [progress, setProgress] = createSignal<ScheduleProgress>();
  let scheduleId = 0;
  const stop = client.onReport(connectionId, (report) => {
    if (report.type === "schedule" && report.scheduleId === scheduleId)
      setProgress(report.progress);
  });
  onCleanup(stop);
  return {
    progress,
    running: () => progress()?.state === "running",
    start(payload, intervalMs, count) {
      scheduleId = nextScheduleId++;
      setProgress({ sent: 0, total: count, state: "running" });
      client.startSchedule(connectionId, { scheduleId, payload, intervalMs, count });
    },
    replay(frames, timing) {
      scheduleId = nextScheduleId++;
      setProgress({ sent: 0, total: frames.length, state: "running" });
      client.startReplay(connectionId, { scheduleId, frames, timing });
    },
    stop: () => client.stopSchedule(connectionId, scheduleId),
  };
}
