import { createSignal, Show } from "solid-js";
import type { ActionOutcome } from "../../state/protocol.ts";

/**
 * What the last action of a form came to, in words: a success line, or why it was not done.
 * `run` shows a form problem at once, or waits for the worker's answer to an action.
 */
export function createOutcome() {
  const [outcome, setOutcome] = createSignal<{ ok: boolean; text: string }>();
  return {
    outcome,
    /** Shows why the form cannot go; returns undefined, for `return result.fail(…)`. */
    fail(text: string): undefined {
      setOutcome({ ok: false, text });
      return undefined;
    },
    clear: () => setOutcome(undefined),
    async run(action: Promise<ActionOutcome>, success: (id?: string) => string) {
      const result = await action;
      setOutcome(
        result.ok ? { ok: true, text: success(result.id) } : { ok: false, text: result.error },
      );
    },
  };
}

/** The outcome line under a form; announced politely, errors in the error colour. */
export function OutcomeLine(props: { outcome: { ok: boolean; text: string } | undefined }) {
  return (
    <p class="protocol-outcome" role="status">
      <Show when={props.outcome}>
        {(outcome) => <span class={outcome().ok ? "muted" : "field-error"}>{outcome().text}</span>}
      </Show>
    </p>
  );
}
