import { createSignal, Show } from "solid-js";
import { describeRunProgress } from "../../model/compose/run-progress.ts";
import {
  checkScheduledMessage,
  checkScheduleForm,
  type ScheduleFormField,
} from "../../model/compose/schedule-form.ts";
import { liveContext } from "../../model/compose/templates.ts";
import { useSession } from "../../state/session-context.ts";
import { createFormProblems } from "../shared/form-problems.ts";
import { NumberField } from "../shared/NumberField.tsx";

/**
 * Sends the composer's message every N ms, K times or until stopped, paced by the capture worker;
 * its progress shows right after its button.
 */
export function ScheduleControls() {
  const { connection, composer, schedule, environment } = useSession();
  const [every, setEvery] = createSignal("1000");
  const [times, setTimes] = createSignal("10");
  const problems = createFormProblems<ScheduleFormField>();

  function toggle(event: SubmitEvent) {
    event.preventDefault();
    if (schedule.running()) {
      schedule.stop();
      return;
    }
    const pacing = checkScheduleForm({ every: every(), times: times() });
    if (!pacing.ok) return problems.set(pacing.errors);
    if (connection.status().state !== "open") return problems.fail("Connect first");
    const message = checkScheduledMessage(composer.draft(), {
      ...liveContext(1, Date.now()),
      env: environment.values(),
    });
    if (!message.ok) return problems.fail(message.error);
    problems.clear();
    schedule.start(message.value, pacing.value.intervalMs, pacing.value.count);
  }

  return (
    <form class="schedule compose-row" onSubmit={toggle} aria-label="Scheduled send">
      <NumberField
        label="Every (ms)"
        value={every()}
        decimal
        invalid={problems.invalid("every")}
        onValue={setEvery}
      />
      <NumberField
        label="Times (0 = until stopped)"
        value={times()}
        invalid={problems.invalid("times")}
        onValue={setTimes}
      />
      <button type="submit" class="button small">
        {schedule.running() ? "Stop schedule" : "Start schedule"}
      </button>
      <span class="muted run-status" role="status" aria-label="Schedule progress">
        {describeRunProgress(schedule.progress())}
      </span>
      <Show when={problems.message()}>
        <span class="field-error" role="alert">
          {problems.message()}
        </span>
      </Show>
    </form>
  );
}
