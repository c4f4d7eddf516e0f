import { For, Show } from "solid-js";
import type { MatchChoice } from "../../model/scenarios/loosen.ts";
import { type StepRow, statusText, stepTime } from "../../model/scenarios/step-rows.ts";
import { useSession } from "../../state/session-context.ts";

const MARKS = { running: "…", passed: "✓", failed: "✗", skipped: "–" } as const;

/**
 * The scenario's steps, one row each: how the last run went and how long it took, and for an
 * expect, what it matches (loosen a recorded exact match) and whether it skips other frames.
 */
export function StepTable() {
  const { scenarios } = useSession();
  const multi = () => new Set(scenarios.rows().map((row) => row.client)).size > 1;
  /** "step 2", or "bob step 2" with several clients. */
  const label = (row: StepRow) =>
    `${multi() ? `${row.client} ` : ""}${row.index < 0 ? "connect" : `step ${row.index + 1}`}`;
  return (
    <Show
      when={scenarios.rows().length > 0}
      fallback={
        <p class="muted scenario-empty">
          Write a scenario, open one, or record one from this tab's latest connection.
        </p>
      }
    >
      <table class="scenario-steps" aria-label="Scenario steps">
        <colgroup>
          <col class="col-status" />
          <col />
          <col class="col-match" />
          <col class="col-time" />
        </colgroup>
        <thead>
          <tr>
            <th scope="col">Status</th>
            <th scope="col">Step</th>
            <th scope="col">Match</th>
            <th scope="col" class="numeric">
              Time
            </th>
          </tr>
        </thead>
        <tbody>
          <For each={scenarios.rows()}>
            {(row) => {
              const result = () => scenarios.result(row.key);
              return (
                <tr data-status={result()?.status ?? "idle"}>
                  <td class="step-status">
                    <span aria-hidden="true">{MARKS[result()?.status ?? "skipped"]}</span>{" "}
                    {statusText(result())}
                  </td>
                  <td class="step-name" title={row.name}>
                    {/* The connect row's name says "connect to …" already. */}
                    <Show when={row.index >= 0 || multi()}>
                      <span class="step-label">{row.index < 0 ? row.client : label(row)}</span>{" "}
                    </Show>
                    <span class="mono">{row.name}</span>
                  </td>
                  <td class="step-match">
                    <Show when={row.expect}>
                      {(expect) => (
                        <MatchControls row={row} skip={expect().skip} label={label(row)} />
                      )}
                    </Show>
                  </td>
                  <td class="numeric">{stepTime(result())}</td>
                </tr>
              );
            }}
          </For>
        </tbody>
      </table>
    </Show>
  );
}

/** How an expect matches (a select of the choices its recorded frame allows) and its skip flag. */
function MatchControls(props: { row: StepRow; skip: boolean; label: string }) {
  const { scenarios } = useSession();
  const choices = () => scenarios.matchOptions(props.row);
  const locked = () => scenarios.run().state === "running";
  return (
    <div class="match-controls">
      <select
        class="input"
        aria-label={`Match for ${props.label}`}
        disabled={locked()}
        onChange={(event) =>
          scenarios.setMatch(props.row, event.currentTarget.value as MatchChoice)
        }
      >
        <Show when={choices().current === undefined}>
          <option value="custom" selected>
            As written
          </option>
        </Show>
        <For each={choices().options}>
          {(option) => (
            <option
              value={option.choice}
              disabled={!option.matcher}
              title={option.why}
              selected={choices().current === option.choice}
            >
              {option.label}
              {option.why ? " (not for this frame)" : ""}
            </option>
          )}
        </For>
      </select>
      <label class="checkbox inline-checkbox">
        <input
          type="checkbox"
          checked={props.skip}
          disabled={locked()}
          aria-label={`Skip other frames for ${props.label}`}
          onChange={(event) => scenarios.setSkip(props.row, event.currentTarget.checked)}
        />
        <span aria-hidden="true">Skip others</span>
      </label>
    </div>
  );
}
