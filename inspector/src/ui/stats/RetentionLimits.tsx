import { Popover } from "@kobalte/core/popover";
import { createSignal } from "solid-js";
import { groupThousands } from "../../model/frames/bytes.ts";
import type { Connection } from "../../state/connection.ts";
import { useWorkspace } from "../../state/workspace-context.ts";

const MiB = 1024 * 1024;

/** Shows and changes how many frames and bytes the log keeps before dropping the oldest. */
export function RetentionLimits(props: { connection: Connection }) {
  const limits = () => props.connection.limits();
  const [frames, setFrames] = createSignal(String(limits().maxFrames));
  const [mebibytes, setMebibytes] = createSignal(String(limits().maxBytes / MiB));
  const [error, setError] = createSignal("");
  const workspace = useWorkspace();
  const [reloadMiB, setReloadMiB] = createSignal(String(workspace.budgetMiB()));

  function apply(event: SubmitEvent) {
    event.preventDefault();
    const maxFrames = Number(frames());
    const maxMiB = Number(mebibytes());
    if (!Number.isInteger(maxFrames) || maxFrames < 1 || maxFrames > 10_000_000) {
      setError("Max frames must be a whole number from 1 to 10,000,000");
      return;
    }
    if (!Number.isFinite(maxMiB) || maxMiB <= 0 || maxMiB > 4096) {
      setError("Max MiB must be a number above 0 and at most 4096");
      return;
    }
    const keep = Number(reloadMiB());
    if (!Number.isFinite(keep) || keep < 0 || keep > 1024) {
      setError("Kept across reloads must be from 0 to 1024 MiB");
      return;
    }
    setError("");
    props.connection.setLimits({ maxFrames, maxBytes: Math.round(maxMiB * MiB) });
    workspace.setBudgetMiB(keep);
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
                onInput={(e) => setFrames(e.currentTarget.value)}
              />
            </label>
            <label>
              Max MiB
              <input
                class="input"
                inputMode="decimal"
                value={mebibytes()}
                onInput={(e) => setMebibytes(e.currentTarget.value)}
              />
            </label>
            <label>
              Kept across reloads (MiB, all tabs)
              <input
                class="input"
                inputMode="decimal"
                value={reloadMiB()}
                onInput={(e) => setReloadMiB(e.currentTarget.value)}
              />
            </label>
            {error() && (
              <p class="field-error" role="alert">
                {error()}
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
