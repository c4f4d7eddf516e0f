import { groupThousands } from "../frames/bytes.ts";

/** How far a scheduled send or a replay is (the capture worker's report, by shape). */
export interface RunProgress {
  readonly sent: number;
  /** Sends planned; 0 runs until stopped. */
  readonly total: number;
  readonly state: "running" | "done" | "stopped" | "error";
  /** Why it stopped or failed, when the worker says. */
  readonly message?: string | undefined;
}

/**
 * A run's progress in words, e.g. "Sent 3 of 10", "Sent 40 (until stopped) · Stopped", or ""
 * before any run.
 */
export function describeRunProgress(progress: RunProgress | undefined): string {
  if (!progress) return "";
  const of = progress.total > 0 ? ` of ${groupThousands(progress.total)}` : " (until stopped)";
  const state = progress.state === "running" ? "" : ` · ${progress.message ?? progress.state}`;
  return `Sent ${groupThousands(progress.sent)}${of}${state}`;
}
