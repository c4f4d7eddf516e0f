import type { PacerHost } from "../../../echo-server/protocol/ping/pacer.ts";
import type { ReplaySpec, ScheduleProgress } from "./protocol.ts";

/** Frames sent per turn of the event loop when replaying as fast as possible. */
const FAST_CHUNK = 256;

/**
 * Sends a captured session's frames again on a live connection, at the original timing
 * (each frame at start + its offset, so gaps do not accumulate errors) or as fast as possible.
 */
export function startReplay(
  spec: ReplaySpec,
  deps: {
    host: PacerHost;
    send(payload: string | ArrayBuffer): number | undefined;
    onProgress(progress: ScheduleProgress): void;
  },
) {
  const total = spec.frames.length;
  const start = deps.host.now();
  let sent = 0;
  let done = false;
  let timer: unknown;
  const report = (state: ScheduleProgress["state"], message?: string) =>
    deps.onProgress({ sent, total, state, ...(message ? { message } : {}) });

  function finish(state: ScheduleProgress["state"], message?: string) {
    done = true;
    if (timer !== undefined) deps.host.clearTimer(timer);
    report(state, message);
  }

  function step() {
    timer = undefined;
    const now = deps.host.now();
    let budget = FAST_CHUNK;
    while (!done && sent < total) {
      const frame = spec.frames[sent];
      if (!frame) break;
      if (spec.timing === "original" && start + frame.offsetMs > now) break;
      if (spec.timing === "fast" && budget-- === 0) break;
      if (deps.send(frame.payload) === undefined)
        return finish("stopped", "The connection is not open");
      sent++;
    }
    if (sent >= total) return finish("done");
    report("running");
    const next = spec.frames[sent];
    const wait =
      spec.timing === "fast" || !next ? 0 : Math.max(0, start + next.offsetMs - deps.host.now());
    timer = deps.host.setTimer(step, wait);
  }

  if (total === 0) finish("done");
  else step();
  return {
    stop() {
      if (!done) finish("stopped", "Stopped");
    },
  };
}
