import { For, Match, Show, Switch } from "solid-js";
import type { StepResult } from "../../../../echo-server/protocol/scenario/types.ts";
import { maskSecrets } from "../../model/environments/secret-values.ts";
import { type DiffMode, failureDiff } from "../../model/scenarios/failure-diff.ts";
import { stepKey } from "../../model/scenarios/step-rows.ts";
import { useSession } from "../../state/session-context.ts";

const CHANGES = {
  missing: "Missing",
  changed: "Changed",
  unexpected: "Not expected",
} as const;

/**
 * Each failed step of the last run: why, what was expected against what came, and their
 * differences (by JSON path, or word by word). Secret values of the environments are masked.
 */
export function FailedSteps() {
  const { scenarios, environment } = useSession();
  const failed = () => {
    const current = scenarios.run();
    if (current.state !== "done") return [];
    return current.result.steps.filter((step) => step.status === "failed");
  };
  const mask = (text: string) => maskSecrets(text, environment.finder());
  /** How the failed step matched, from the scenario that ran. */
  const modeOf = (step: StepResult): DiffMode => {
    const row = scenarios.rows().find((entry) => entry.key === stepKey(step.client, step.index));
    const matcher = row?.expect?.matcher;
    if (!matcher) return "other";
    if ("json" in matcher) return "json";
    if ("text" in matcher || "contains" in matcher || "hex" in matcher) return "text";
    return "other";
  };
  const title = (step: StepResult) =>
    `${step.client === "main" ? "" : `${step.client} `}${step.index < 0 ? "connect" : `step ${step.index + 1}`}: ${step.name}`;
  return (
    <For each={failed()}>
      {(step) => (
        <section class="failed-step" aria-label={`Failed ${title(step)}`}>
          <h3 class="failed-step-title">Failed {mask(title(step))}</h3>
          <p class="field-error">{mask(step.message ?? "Failed")}</p>
          <Show when={step.expected !== undefined || step.received !== undefined}>
            <div class="expected-received">
              <figure>
                <figcaption class="field-label">Expected</figcaption>
                <pre class="mono">{mask(step.expected ?? "")}</pre>
              </figure>
              <figure>
                <figcaption class="field-label">Received</figcaption>
                <pre class="mono">{mask(step.received ?? "")}</pre>
              </figure>
            </div>
            <Differences
              diff={failureDiff(step.expected ?? "", step.received ?? "", modeOf(step))}
              mask={mask}
            />
          </Show>
        </section>
      )}
    </For>
  );
}

function Differences(props: { diff: ReturnType<typeof failureDiff>; mask(text: string): string }) {
  return (
    <Switch>
      <Match when={props.diff.kind === "json" && props.diff}>
        {(diff) => (
          <Show
            when={diff().rows.length > 0}
            fallback={<p class="muted">No difference in what the step asks for.</p>}
          >
            <table class="diff-table" aria-label="Differences">
              <thead>
                <tr>
                  <th scope="col">Path</th>
                  <th scope="col">Change</th>
                  <th scope="col">Expected</th>
                  <th scope="col">Received</th>
                </tr>
              </thead>
              <tbody>
                <For each={diff().rows}>
                  {(row) => (
                    <tr data-change={row.change}>
                      <td class="mono">{props.mask(row.path)}</td>
                      <td>{CHANGES[row.change]}</td>
                      <td class="mono diff-expected">{props.mask(row.expected ?? "")}</td>
                      <td class="mono diff-received">{props.mask(row.received ?? "")}</td>
                    </tr>
                  )}
                </For>
              </tbody>
            </table>
          </Show>
        )}
      </Match>
      <Match when={props.diff.kind === "text" && props.diff}>
        {(diff) => (
          <figure class="text-diff-figure">
            <figcaption class="field-label">Differences</figcaption>
            <p class="mono text-diff">
              <For each={diff().parts}>
                {(part) => (
                  <Switch fallback={<span>{props.mask(part.text)}</span>}>
                    <Match when={part.change === "expected"}>
                      <del>
                        <span class="visually-hidden">[expected: </span>
                        {props.mask(part.text)}
                        <span class="visually-hidden">]</span>
                      </del>
                    </Match>
                    <Match when={part.change === "received"}>
                      <ins>
                        <span class="visually-hidden">[received: </span>
                        {props.mask(part.text)}
                        <span class="visually-hidden">]</span>
                      </ins>
                    </Match>
                  </Switch>
                )}
              </For>
            </p>
          </figure>
        )}
      </Match>
      <Match when={props.diff.kind === "none" && props.diff}>
        {(diff) => <p class="muted">{diff().reason}</p>}
      </Match>
    </Switch>
  );
}
