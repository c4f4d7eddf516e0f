import { createSignal, For, Show } from "solid-js";
import { checkJsonField } from "../../model/protocol/protocol-forms.ts";
import { useSession } from "../../state/session-context.ts";
import { createOutcome, OutcomeLine } from "./outcome.tsx";

/** One call as the form holds it. */
interface Call {
  method: string;
  params?: unknown;
  notification: boolean;
}

/**
 * JSON-RPC 2.0: a call with its id filled in, a notification (no id, no answer), or a batch of
 * calls collected with "Add to batch" and sent as one frame.
 */
export function JsonRpcForm() {
  const { protocol, connection } = useSession();
  const [method, setMethod] = createSignal("echo");
  const [params, setParams] = createSignal('["hello"]');
  const [notification, setNotification] = createSignal(false);
  const [batch, setBatch] = createSignal<Call[]>([]);
  const result = createOutcome();
  const open = () => connection.status().state === "open";

  /** The call as typed, or undefined (and why) when it cannot be sent. */
  function current(): Call | undefined {
    if (method().trim() === "") {
      result.fail("Name the method");
      return undefined;
    }
    const checked = checkJsonField(params(), "Params", "array or object");
    if (!checked.ok) {
      result.fail(checked.error);
      return undefined;
    }
    return {
      method: method().trim(),
      ...(checked.value !== undefined ? { params: checked.value } : {}),
      notification: notification(),
    };
  }

  function send(calls: Call[]) {
    result.run(protocol.act({ kind: "call", calls }), (ids) =>
      ids
        ? `Sent ${calls.length > 1 ? `a batch of ${calls.length}, ids ${ids}` : `id ${ids}`}`
        : "Sent: notifications get no answer",
    );
  }

  function call(submit: SubmitEvent) {
    submit.preventDefault();
    const one = current();
    if (one) send([one]);
  }

  function addToBatch() {
    const one = current();
    if (!one) return;
    setBatch([...batch(), one]);
    result.clear();
  }

  return (
    <form class="protocol-form" aria-label="JSON-RPC" onSubmit={call}>
      <div class="protocol-row">
        <label class="field">
          <span class="field-label">Method</span>
          <input
            class="input mono"
            value={method()}
            onInput={(e) => setMethod(e.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <label class="field protocol-grow">
          <span class="field-label">Params</span>
          <textarea
            class="input mono"
            rows={1}
            value={params()}
            placeholder='[1, 2] or {"a": 1}'
            onInput={(e) => setParams(e.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <label class="checkbox">
          <input
            type="checkbox"
            checked={notification()}
            onChange={(e) => setNotification(e.currentTarget.checked)}
          />
          Notification
        </label>
        <button type="submit" class="button primary" disabled={!open()}>
          Call
        </button>
        <button type="button" class="button" onClick={addToBatch}>
          Add to batch
        </button>
      </div>
      <Show when={batch().length > 0}>
        <div class="protocol-row">
          <ol class="protocol-list" aria-label="Batch">
            <For each={batch()}>
              {(item) => (
                <li class="mono">
                  {item.notification ? "notify" : "call"} {item.method}
                  {item.params !== undefined ? ` ${JSON.stringify(item.params)}` : ""}
                </li>
              )}
            </For>
          </ol>
          <button
            type="button"
            class="button"
            disabled={!open()}
            onClick={() => {
              send(batch());
              setBatch([]);
            }}
          >
            Send batch ({batch().length})
          </button>
          <button type="button" class="button" onClick={() => setBatch([])}>
            Clear batch
          </button>
        </div>
      </Show>
      <p class="muted protocol-hint">Ids are filled in: 1, 2, 3… past any id you typed yourself.</p>
      <OutcomeLine outcome={result.outcome()} />
    </form>
  );
}
