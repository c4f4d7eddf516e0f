import { createSignal, Show } from "solid-js";
import { checkDraft } from "../../model/compose/message-draft.ts";
import { liveContext } from "../../model/compose/templates.ts";
import { groupThousands } from "../../model/frames/bytes.ts";
import type { Composer } from "../../state/composer.ts";
import type { Connection } from "../../state/connection.ts";
import type { Schedule } from "../../state/schedule.ts";
import { NumberField } from "../shared/NumberField.tsx";

/** Sends the composer's message every N ms, K times or until stopped, paced by the capture worker. */
export function ScheduleControls(props: {
  connection: Connection;
  composer: Composer;
  schedule: Schedule;
}) {
  const [every, setEvery] = createSignal("1000");
  const [times, setTimes] = createSignal("10");
  const [error, setError] = createSignal("");

  function toggle(event: SubmitEvent) {
    event.preventDefault();
    if (props.schedule.running()) {
      props.schedule.stop();
      return;
    }
    const intervalMs = Number(every());
    const count = Number(times());
    if (!Number.isFinite(intervalMs) || intervalMs < 1)
      return setError("Every must be at least 1 ms");
    if (!Number.isInteger(count) || count < 0)
      return setError("Times must be a whole number (0 = until stopped)");
    if (props.connection.status().state !== "open") return setError("Connect first");
    const draft = props.composer.draft();
    const check = checkDraft(draft, liveContext(1, Date.now()));
    if (!check.ok) return setError(check.error);
    setError("");
    // Text and JSON go as templates, so {{seq}} and {{now}} expand at each send in the worker.
    const payload =
      draft.type === "binary" && check.payload instanceof ArrayBuffer
        ? { bytes: check.payload }
        : { template: draft.body };
    props.schedule.start(payload, intervalMs, count);
  }

  const progress = () => {
    const current = props.schedule.progress();
    if (!current) return "";
    const of = current.total > 0 ? ` of ${groupThousands(current.total)}` : " (until stopped)";
    const state = current.state === "running" ? "" : ` · ${current.message ?? current.state}`;
    return `Sent ${groupThousands(current.sent)}${of}${state}`;
  };

  return (
    <form class="schedule" onSubmit={toggle} aria-label="Scheduled send">
      <NumberField label="Every (ms)" value={every()} decimal onValue={setEvery} />
      <NumberField label="Times (0 = until stopped)" value={times()} onValue={setTimes} />
      <button type="submit" class="button small">
        {props.schedule.running() ? "Stop schedule" : "Start schedule"}
      </button>
      <span class="muted" role="status" aria-label="Schedule progress">
        {progress()}
      </span>
      <Show when={error()}>
        <span class="field-error" role="alert">
          {error()}
        </span>
      </Show>
    </form>
  );
}
