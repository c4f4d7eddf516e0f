import { createUniqueId, Show } from "solid-js";
import type { ActionKind, MatchKind, RuleDraft, RuleField } from "../../model/tap/rule-draft.ts";

const PATTERN_LABELS: Record<Exclude<MatchKind, "any">, string> = {
  text: "Text",
  regex: "Regex",
  json: "JSON path",
};

/**
 * The form of one rule: what it matches (direction, client, text, regex or a JSON field) and
 * what it does. Only the fields of the chosen match and action show. Plain data in and out: the
 * Rules panel checks the draft and sends it.
 */
export function RuleForm(props: {
  title: string;
  draft: RuleDraft;
  onChange: (patch: Partial<RuleDraft>) => void;
  problem: { field: RuleField | undefined; message: string } | undefined;
  busy: boolean;
  onSave: () => void;
  onCancel: () => void;
}) {
  const errorId = createUniqueId();
  const templateHintId = createUniqueId();
  const draft = () => props.draft;
  const invalid = (field: RuleField) => props.problem?.field === field;
  const described = (field: RuleField) => (invalid(field) ? errorId : undefined);

  return (
    <form
      class="rule-form"
      aria-label={props.title}
      onSubmit={(event) => {
        event.preventDefault();
        props.onSave();
      }}
    >
      <h4 class="rule-form-title">{props.title}</h4>
      <div class="rule-form-row">
        <label class="field">
          <span class="field-label">Direction</span>
          <select
            class="input"
            value={draft().direction}
            onChange={(e) =>
              props.onChange({ direction: e.currentTarget.value as RuleDraft["direction"] })
            }
          >
            <option value="">Both directions</option>
            <option value="c2s">Client → server</option>
            <option value="s2c">Server → client</option>
          </select>
        </label>
        <label class="field narrow">
          <span class="field-label">Client</span>
          <input
            class="input"
            inputMode="numeric"
            placeholder="any"
            value={draft().client}
            aria-invalid={invalid("client")}
            aria-describedby={described("client")}
            onInput={(e) => props.onChange({ client: e.currentTarget.value })}
          />
        </label>
        <label class="field">
          <span class="field-label">Match</span>
          <select
            class="input"
            value={draft().matchKind}
            onChange={(e) => props.onChange({ matchKind: e.currentTarget.value as MatchKind })}
          >
            <option value="any">Every frame</option>
            <option value="text">Text contains</option>
            <option value="regex">Regex</option>
            <option value="json">JSON field</option>
          </select>
        </label>
      </div>
      <Show
        when={
          draft().matchKind !== "any" ? (draft().matchKind as Exclude<MatchKind, "any">) : undefined
        }
      >
        {(kind) => (
          <div class="rule-form-row">
            <label class="field grow">
              <span class="field-label">{PATTERN_LABELS[kind()]}</span>
              <input
                class="input mono"
                spellcheck={false}
                placeholder={
                  kind() === "json" ? "$.type" : kind() === "regex" ? "price (\\d+)" : ""
                }
                value={draft().pattern}
                aria-invalid={invalid("pattern")}
                aria-describedby={described("pattern")}
                onInput={(e) => props.onChange({ pattern: e.currentTarget.value })}
              />
            </label>
            <Show when={kind() === "json"}>
              <label class="field grow">
                <span class="field-label">Equals (JSON)</span>
                <input
                  class="input mono"
                  spellcheck={false}
                  placeholder='"subscribe" (empty: the field exists)'
                  value={draft().equals}
                  aria-invalid={invalid("equals")}
                  aria-describedby={described("equals")}
                  onInput={(e) => props.onChange({ equals: e.currentTarget.value })}
                />
              </label>
            </Show>
            <Show when={kind() !== "json"}>
              <label class="checkbox">
                <input
                  type="checkbox"
                  checked={draft().ignoreCase}
                  onChange={(e) => props.onChange({ ignoreCase: e.currentTarget.checked })}
                />
                Ignore case
              </label>
            </Show>
          </div>
        )}
      </Show>
      <div class="rule-form-row">
        <label class="field">
          <span class="field-label">Action</span>
          <select
            class="input"
            value={draft().action}
            onChange={(e) => props.onChange({ action: e.currentTarget.value as ActionKind })}
          >
            <option value="pause">Pause (breakpoint)</option>
            <option value="pass">Pass</option>
            <option value="delay">Delay</option>
            <option value="drop">Drop</option>
            <option value="replace">Replace</option>
            <option value="respond">Respond</option>
            <option value="close">Close</option>
          </select>
        </label>
        <Show when={draft().action === "delay"}>
          <label class="field narrow">
            <span class="field-label">Delay (ms)</span>
            <input
              class="input"
              inputMode="numeric"
              value={draft().delayMs}
              aria-invalid={invalid("delayMs")}
              aria-describedby={described("delayMs")}
              onInput={(e) => props.onChange({ delayMs: e.currentTarget.value })}
            />
          </label>
        </Show>
        <Show when={draft().action === "close"}>
          <label class="field narrow">
            <span class="field-label">Close code</span>
            <input
              class="input"
              inputMode="numeric"
              value={draft().closeCode}
              aria-invalid={invalid("closeCode")}
              aria-describedby={described("closeCode")}
              onInput={(e) => props.onChange({ closeCode: e.currentTarget.value })}
            />
          </label>
          <label class="field">
            <span class="field-label">Close reason</span>
            <input
              class="input"
              value={draft().closeReason}
              aria-invalid={invalid("closeReason")}
              aria-describedby={described("closeReason")}
              onInput={(e) => props.onChange({ closeReason: e.currentTarget.value })}
            />
          </label>
        </Show>
      </div>
      <Show when={draft().action === "replace" || draft().action === "respond"}>
        <label class="field">
          <span class="field-label">
            {draft().action === "replace" ? "Replace with" : "Respond with"}
          </span>
          <textarea
            class="input mono"
            rows={2}
            spellcheck={false}
            value={draft().template}
            aria-invalid={invalid("template")}
            aria-describedby={`${templateHintId} ${described("template") ?? ""}`.trim()}
            onInput={(e) => props.onChange({ template: e.currentTarget.value })}
          />
        </label>
        <span id={templateHintId} class="muted">
          {draft().matchKind === "regex"
            ? "Replaces the match: $& is the matched text, $1, $2… its groups."
            : "The whole new frame: $& stands for the frame's text."}
        </span>
      </Show>
      <Show when={props.problem}>
        {(problem) => (
          <p id={errorId} class="field-error" role="alert">
            {problem().message}
          </p>
        )}
      </Show>
      <div class="rule-form-actions">
        <button type="submit" class="button small primary" disabled={props.busy}>
          Save rule
        </button>
        <button type="button" class="button small" onClick={() => props.onCancel()}>
          Cancel
        </button>
      </div>
    </form>
  );
}
