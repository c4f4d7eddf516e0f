import { createEffect, createSignal, For, on, Show } from "solid-js";
import type { TapRule } from "../../../../echo-server/protocol/tap-wire.ts";
import {
  describeRule,
  draftFieldOf,
  draftFromRule,
  emptyRuleDraft,
  nextRuleId,
  type RuleDraft,
  type RuleField,
  ruleFromDraft,
  ruleIndexOf,
} from "../../model/tap/rule-draft.ts";
import type { TapState } from "../../state/tap.ts";
import { RuleForm } from "./RuleForm.tsx";

/** What the form is doing: adding a rule at the end, or editing the rule at `index`. */
type Editing = { index: number; id: string };

/**
 * The tap's rules, tried in order on every frame; the first that matches acts. Each shows what
 * it matches, what it does and how many frames it met. A rule is saved when the tap takes it:
 * the form stays open with the tap's objection otherwise.
 */
export function RulesPanel(props: { tap: TapState }) {
  const rules = () => props.tap.view().rules;
  const [editing, setEditing] = createSignal<Editing>();
  const [draft, setDraft] = createSignal<RuleDraft>(emptyRuleDraft);
  const [problem, setProblem] = createSignal<{ field: RuleField | undefined; message: string }>();
  /** A rule sent to the tap and not yet confirmed, with the refusals seen before it. */
  const [pending, setPending] = createSignal<{ rule: TapRule; serial: number }>();

  const send = (next: TapRule[]) => props.tap.setRules(next);

  function startAdding() {
    setDraft(emptyRuleDraft);
    setProblem(undefined);
    setEditing({ index: rules().length, id: nextRuleId(rules()) });
  }

  function startEditing(index: number) {
    const rule = rules()[index];
    if (!rule) return;
    setDraft(draftFromRule(rule));
    setProblem(undefined);
    setEditing({ index, id: rule.id });
  }

  function save() {
    const target = editing();
    if (!target) return;
    const checked = ruleFromDraft(draft(), target.id);
    if (!checked.ok) return setProblem({ field: checked.field, message: checked.message });
    setProblem(undefined);
    const next = [...rules()];
    next.splice(target.index, target.index < next.length ? 1 : 0, checked.rule);
    setPending({ rule: checked.rule, serial: props.tap.refusal()?.serial ?? 0 });
    send(next);
  }

  // Saved once the tap's rules hold it.
  createEffect(
    on(rules, (current) => {
      const waiting = pending();
      if (!waiting || !current.some((rule) => sameRule(rule, waiting.rule))) return;
      setPending(undefined);
      setEditing(undefined);
    }),
  );
  // Refused: the tap names the field, which the form marks.
  createEffect(
    on(props.tap.refusal, (refusal) => {
      const waiting = pending();
      if (!waiting || !refusal || refusal.serial <= waiting.serial) return;
      setPending(undefined);
      const index = refusal.field === undefined ? undefined : ruleIndexOf(refusal.field);
      if (index !== undefined && index !== editing()?.index) return;
      setProblem({
        field: refusal.field === undefined ? undefined : draftFieldOf(refusal.field),
        message: refusal.message,
      });
    }),
  );

  function move(index: number, step: -1 | 1) {
    const next = [...rules()];
    const [rule] = next.splice(index, 1);
    if (!rule) return;
    next.splice(index + step, 0, rule);
    send(next);
  }

  return (
    <section class="tap-section" aria-label="Rules">
      <div class="tap-section-head">
        <h3 class="tap-section-title">Rules</h3>
        <button
          type="button"
          class="button small"
          disabled={!props.tap.live || editing() !== undefined}
          onClick={startAdding}
        >
          Add rule
        </button>
      </div>
      <Show
        when={rules().length > 0}
        fallback={
          <p class="muted">
            No rules: every frame passes. Rules are tried in order; the first that matches acts.
          </p>
        }
      >
        <ol class="rule-list">
          <For each={rules()}>
            {(rule, index) => (
              <li class="rule-item" data-disabled={rule.disabled ? "" : undefined}>
                <div class="rule-words">
                  <span>
                    <span class="muted">When </span>
                    {describeRule(rule).match}
                    <span class="muted"> → </span>
                    <strong>{describeRule(rule).action}</strong>
                  </span>
                  <span class="muted rule-meta">
                    {rule.id} · {rule.hits ?? 0} hit{rule.hits === 1 ? "" : "s"}
                  </span>
                  <Show when={rule.disabled}>
                    <span class="warning">{rule.disabled}</span>
                  </Show>
                </div>
                <div class="rule-actions">
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={`Move rule ${rule.id} up`}
                    disabled={index() === 0}
                    onClick={() => move(index(), -1)}
                  >
                    <span aria-hidden="true">↑</span>
                  </button>
                  <button
                    type="button"
                    class="icon-button"
                    aria-label={`Move rule ${rule.id} down`}
                    disabled={index() === rules().length - 1}
                    onClick={() => move(index(), 1)}
                  >
                    <span aria-hidden="true">↓</span>
                  </button>
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`Edit rule ${rule.id}`}
                    onClick={() => startEditing(index())}
                  >
                    Edit
                  </button>
                  <button
                    type="button"
                    class="link-button"
                    aria-label={`Remove rule ${rule.id}`}
                    onClick={() => send(rules().filter((_, at) => at !== index()))}
                  >
                    Remove
                  </button>
                </div>
              </li>
            )}
          </For>
        </ol>
      </Show>
      <Show when={editing()}>
        {(target) => (
          <RuleForm
            title={target().index < rules().length ? `Edit rule ${target().id}` : "New rule"}
            draft={draft()}
            onChange={(patch) => setDraft({ ...draft(), ...patch })}
            problem={problem()}
            busy={pending() !== undefined}
            onSave={save}
            onCancel={() => {
              setPending(undefined);
              setEditing(undefined);
            }}
          />
        )}
      </Show>
    </section>
  );
}

/** Whether the tap's copy of a rule is the one sent (hit counts and turned-off state aside). */
function sameRule(a: TapRule, b: TapRule): boolean {
  return (
    a.id === b.id && JSON.stringify([a.match, a.action]) === JSON.stringify([b.match, b.action])
  );
}
