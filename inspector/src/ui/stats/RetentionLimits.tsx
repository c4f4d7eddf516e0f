import { Popover } from "@kobalte/core/popover";
import { createSignal } from "solid-js";
import { groupThousands } from "../../model/frames/bytes.ts";
import { checkRetentionForm, type RetentionFormField } from "../../model/frames/retention-form.ts";
import { useSession } from "../../state/session-context.ts";
import { useWorkspace } from "../../state/workspace-context.ts";
import { createFormProblems } from "../shared/form-problems.ts";

const MiB = 1024 * 1024;

/** Shows and changes how many frames and bytes the log keeps before dropping the oldest. */
export function RetentionLimits() {
  const { connection } = useSession();
  const limits = () => connection.limits();
  const [frames, setFrames] = createSignal(String(limits().maxFrames));
  const [mebibytes, setMebibytes] = createSignal(String(limits().maxBytes / MiB));
  const problems = createFormProblems<RetentionFormField>();
  const workspace = useWorkspace();
  const [reloadMiB, setReloadMiB] = createSignal(String(workspace.budgetMiB()));

  function apply(event: SubmitEvent) {
    event.preventDefault();
    const checked = checkRetentionForm({
      maxFrames: frames(),
      maxMiB: mebibytes(),
      reloadMiB: reloadMiB(),
    });
    if (!checked.ok) return problems.set(checked.errors);
    problems.clear();
    connection.setLimits(checked.value.limits);
    workspace.setBudgetMiB(checked.value.reloadMiB);
  }

  return (
    <Popover>
      <Popover.Trigger class="link-button" aria-label="Retention limits">
        Keep: {groupThousands(limits().maxFrames)} frames /{" "}
        {groupThousands(limits().maxBytes / MiB)} MiB
      </Popover.Trigger>
      <Popover.Portal>
        <Popover.Content class="popover">
          <Popover.Title class="popover-title">Retention limits</Popover.Title>
          <Popover.Description class="muted">
            Past either limit the oldest frames are dropped, and counted as dropped.
          </Popover.Description>
          <form class="limits-form" onSubmit={apply}>
            <label>
              Max frames
              <input
                class="input"
                inputMode="numeric"
                value={frames()}
                aria-invalid={problems.invalid("maxFrames") ? "true" : undefined}
                onInput={(e) => setFrames(e.currentTarget.value)}
              />
            </label>
            <label>
              Max MiB
              <input
                class="input"
                inputMode="decimal"
                value={mebibytes()}
                aria-invalid={problems.invalid("maxMiB") ? "true" : undefined}
                onInput={(e) => setMebibytes(e.currentTarget.value)}
              />
            </label>
            <label>
              Kept across reloads (MiB, all tabs)
              <input
                class="input"
                inputMode="decimal"
                value={reloadMiB()}
                aria-invalid={problems.invalid("reloadMiB") ? "true" : undefined}
                onInput={(e) => setReloadMiB(e.currentTarget.value)}
              />
            </label>
            {problems.message() && (
              <p class="field-error" role="alert">
                {problems.message()}
              </p>
            )}
            <button type="submit" class="button primary small">
              Apply
            </button>
          </form>
        </Popover.Content>
      </Popover.Portal>
    </Popover>
  );
}
