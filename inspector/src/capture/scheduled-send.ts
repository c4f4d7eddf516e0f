import { type PacerHost, startPacer } from "../../../echo-server/protocol/ping/pacer.ts";
import { compileTemplate, liveContext } from "../../../echo-server/protocol/templates.ts";
import type { ScheduleProgress, ScheduleSpec } from "./protocol.ts";

/**
 * Sends a message every `intervalMs`, `count` times or until stopped, paced in the capture
 * worker (so a background tab does not throttle it). Templates expand at each send.
 */
export function startScheduledSend(
  spec: ScheduleSpec,
  deps: {
    host: PacerHost;
    send(payload: string | ArrayBuffer): number | undefined;
    onProgress(progress: ScheduleProgress): void;
  },
) {
  let sent = 0;
  const env = "template" in spec.payload ? spec.payload.env : undefined;
  const template = "template" in spec.payload ? compileTemplate(spec.payload.template) : undefined;
  if (template && !template.ok) {
    deps.onProgress({ sent, total: spec.count, state: "error", message: template.error });
    return { stop() {} };
  }
  let done = false;
  const report = (state: ScheduleProgress["state"], message?: string) =>
    deps.onProgress({ sent, total: spec.count, state, ...(message ? { message } : {}) });

  const pacer = startPacer(deps.host, spec.intervalMs, () => {
    const payload =
      template?.ok === true
        ? template.expand({ ...liveContext(sent + 1, deps.host.now()), env })
        : "bytes" in spec.payload
          ? spec.payload.bytes.slice(0)
          : "";
    if (deps.send(payload) === undefined) {
      done = true;
      report("stopped", "The connection is not open");
      return false;
    }
    sent++;
    if (spec.count > 0 && sent >= spec.count) {
      done = true;
      report("done");
      return false;
    }
    report("running");
    return true;
  });

  return {
    stop() {
      if (done) return;
      done = true;
      pacer.stop();
      report("stopped", "Stopped");
    },
  };
}
