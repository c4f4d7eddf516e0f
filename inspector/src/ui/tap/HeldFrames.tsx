import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { HeldFrame } from "../../../../echo-server/protocol/tap-wire.ts";
import { checkHeldPayload, describeHeld } from "../../model/tap/held-frames.ts";
import type { TapState } from "../../state/tap.ts";

/**
 * Frames held at a breakpoint (a rule whose action is Pause), oldest first. Each can be edited
 * and forwarded, or dropped; frames behind it in its direction wait until then, in order, and
 * the tap's hold timeout sends it on by itself.
 */
export function HeldFrames(props: { tap: TapState }) {
  const held = () => props.tap.view().held;
  return (
    <section class="tap-section" aria-label="Held frames">
      <h3 class="tap-section-title">Held frames</h3>
      <Show
        when={held().length > 0}
        fallback={
          <p class="muted">No frame is held. A rule whose action is Pause holds frames here.</p>
        }
      >
        <ol class="held-list">
          <For each={held()}>{(frame) => <HeldItem tap={props.tap} frame={frame} />}</For>
        </ol>
      </Show>
    </section>
  );
}

function HeldItem(props: { tap: TapState; frame: HeldFrame }) {
  const [payload, setPayload] = createSignal(props.frame.payload);
  const [problem, setProblem] = createSignal("");
  const describedBy = createUniqueId();
  const errorId = createUniqueId();

  function forward() {
    const text = props.frame.binary ? payload().replace(/\s+/g, "") : payload();
    const bad = checkHeldPayload(props.frame, text);
    if (bad) return setProblem(bad);
    setProblem("");
    props.tap.release(
      props.frame.holdId,
      "forward",
      text === props.frame.payload ? undefined : text,
    );
  }

  return (
    <li class="held-item">
      <p id={describedBy} class="muted">
        {describeHeld(props.frame, props.tap.view().info?.holdTimeoutMs ?? 0)}
      </p>
      <label class="field">
        <span class="field-label">Held payload</span>
        <textarea
          class="input mono held-payload"
          rows={3}
          spellcheck={false}
          value={payload()}
          aria-describedby={`${describedBy} ${problem() ? errorId : ""}`.trim()}
          aria-invalid={problem() !== ""}
          onInput={(e) => setPayload(e.currentTarget.value)}
        />
      </label>
      <Show when={problem()}>
        <span id={errorId} class="field-error" role="alert">
          {problem()}
        </span>
      </Show>
      <div class="held-actions">
        <button type="button" class="button small primary" onClick={forward}>
          Forward
        </button>
        <button
          type="button"
          class="button small"
          onClick={() => props.tap.release(props.frame.holdId, "drop")}
        >
          Drop
        </button>
      </div>
    </li>
  );
}
