import { createSignal, createUniqueId, For, Show } from "solid-js";
import { ScenarioLimits, tooBig } from "../../../../echo-server/protocol/scenario/schema.ts";
import { useSession } from "../../state/session-context.ts";
import { download } from "../shared/download.ts";
import { FailedSteps } from "./FailedSteps.tsx";
import { StepTable } from "./StepTable.tsx";
import "./scenarios.css";

/**
 * The Scenarios panel: write a scenario (problems name their line and column, and take the
 * cursor there), record one from this tab's latest connection, run it in the capture worker
 * with a live pass or fail per step, and keep it as JSON or as a vitest test.
 */
export function ScenariosPanel() {
  const { scenarios, settings } = useSession();
  const [notice, setNotice] = createSignal("");
  // Unique per mount: every session tab has a Scenarios panel.
  const editorId = createUniqueId();
  const problemsId = createUniqueId();
  let editor!: HTMLTextAreaElement;

  const check = () => scenarios.check();
  const problems = () => {
    const checked = check();
    return checked.ok || scenarios.text().trim() === "" ? [] : checked.problems;
  };
  const running = () => scenarios.run().state === "running";

  /** Puts the cursor at a line and column of the editor. */
  function goTo(line: number, column: number) {
    const lines = scenarios.text().split("\n");
    let offset = 0;
    for (let index = 0; index < line - 1 && index < lines.length; index++)
      offset += (lines[index]?.length ?? 0) + 1;
    offset += column - 1;
    editor.focus();
    editor.setSelectionRange(offset, offset);
  }

  function record() {
    setNotice(
      scenarios.record()
        ? "Recorded the latest connection of this tab"
        : "Nothing to record: connect and exchange a few messages first",
    );
  }

  async function open(file: File | undefined) {
    if (!file) return;
    if (file.size > ScenarioLimits.maxChars)
      return setNotice(`${file.name} is not opened: ${tooBig(file.size)}`);
    scenarios.setText(await file.text());
    setNotice(`Opened ${file.name}`);
  }

  function keep(format: "json" | "vitest") {
    const text = scenarios.exported(format);
    if (text === undefined) return setNotice("Fix the scenario's problems first");
    const base =
      (check().ok && (check() as { scenario: { name?: string } }).scenario.name) || "scenario";
    const name = base.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "scenario";
    if (format === "json") download(`${name}.scenario.json`, text, "application/json");
    else download(`${name}.scenario.test.ts`, text, "text/typescript");
    setNotice(
      format === "json"
        ? "Downloaded the scenario (secret values as {{env.NAME}})"
        : "Downloaded a vitest test (run it with socketscope/scenario)",
    );
  }

  return (
    <section class="scenarios" aria-label="Scenarios">
      <div class="scenario-toolbar">
        <button type="button" class="button small" disabled={running()} onClick={record}>
          Record from this tab
        </button>
        <Show
          when={running()}
          fallback={
            <button
              type="button"
              class="button small primary"
              disabled={!check().ok}
              title={
                check().ok
                  ? settings.viaRelay()
                    ? "Run through the relay (headers go on the wire)"
                    : "Run from the browser (turn on Via relay to send headers)"
                  : "Fix the scenario's problems first"
              }
              onClick={() => scenarios.start()}
            >
              Run
            </button>
          }
        >
          <button type="button" class="button small danger" onClick={() => scenarios.stop()}>
            Stop
          </button>
        </Show>
        <label class="button small file-button">
          Open…
          <input
            type="file"
            class="visually-hidden"
            accept=".json,application/json"
            onChange={(event) => {
              void open(event.currentTarget.files?.[0]);
              event.currentTarget.value = "";
            }}
          />
        </label>
        <button
          type="button"
          class="button small"
          disabled={!check().ok}
          onClick={() => keep("json")}
        >
          Download
        </button>
        <button
          type="button"
          class="button small"
          disabled={!check().ok}
          onClick={() => keep("vitest")}
        >
          Export as vitest test
        </button>
        <span
          class="scenario-summary"
          role="status"
          aria-label="Scenario run"
          data-state={runState()}
        >
          {scenarios.summary()}
        </span>
      </div>
      <div class="scenario-body">
        <div class="scenario-editor">
          <label class="field-label" for={editorId}>
            Scenario
          </label>
          <textarea
            id={editorId}
            ref={editor}
            class="input mono scenario-text"
            value={scenarios.text()}
            readOnly={running()}
            spellcheck={false}
            aria-invalid={problems().length > 0}
            aria-describedby={problemsId}
            placeholder={
              '{ "url": "ws://127.0.0.1:7777/echo", "steps": [ { "send": "hi" }, { "expect": { "text": "hi" } } ] }'
            }
            onInput={(event) => scenarios.setText(event.currentTarget.value)}
          />
          <ul id={problemsId} class="scenario-problems" aria-label="Scenario problems">
            <For each={problems()}>
              {(problem) => (
                <li>
                  <Show
                    when={problem.line !== undefined}
                    fallback={
                      <span class="field-error">
                        {problem.path ? `${problem.path}: ` : ""}
                        {problem.message}
                      </span>
                    }
                  >
                    <button
                      type="button"
                      class="link-button field-error"
                      onClick={() => goTo(problem.line ?? 1, problem.column ?? 1)}
                    >
                      Line {problem.line}, column {problem.column}:{" "}
                      {problem.path ? `${problem.path}: ` : ""}
                      {problem.message}
                    </button>
                  </Show>
                </li>
              )}
            </For>
          </ul>
          <Show when={scenarios.notes().length > 0}>
            <ul class="scenario-notes muted" aria-label="Recording notes">
              <For each={scenarios.notes()}>{(note) => <li>{note}</li>}</For>
            </ul>
          </Show>
          <p class="muted scenario-notice" role="status" aria-label="Scenario notice">
            {notice()}
          </p>
        </div>
        <div class="scenario-results">
          <StepTable />
          <FailedSteps />
        </div>
      </div>
    </section>
  );

  function runState() {
    const current = scenarios.run();
    if (current.state === "done") return current.result.passed ? "passed" : "failed";
    return current.state;
  }
}
