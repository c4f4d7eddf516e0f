import { createSignal, Show } from "solid-js";
import { closeError } from "../../model/compose/message-draft.ts";
import { isLive } from "../../model/connect/connection-status.ts";
import { useSession } from "../../state/session-context.ts";
import { NumberField } from "../shared/NumberField.tsx";

/**
 * Closes the connection with a chosen code (1000 or 3000–4999, any code via the relay) and
 * reason; while there is no connection to close, the button is disabled and says so beside it.
 */
export function CloseControls() {
  const { connection } = useSession();
  const [code, setCode] = createSignal("1000");
  const [reason, setReason] = createSignal("");
  const [error, setError] = createSignal("");
  const live = () => isLive(connection.status());

  function close(event: SubmitEvent) {
    event.preventDefault();
    const problem = closeError(Number(code()), reason(), connection.via());
    setError(problem ?? "");
    if (!problem) connection.disconnect(Number(code()), reason());
  }

  return (
    <form class="close-controls compose-row" onSubmit={close} aria-label="Close connection">
      <NumberField label="Close code" value={code()} onValue={setCode} />
      <label class="field">
        <span class="field-label">Close reason</span>
        <input class="input" value={reason()} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <button
        type="submit"
        class="button small"
        disabled={!live()}
        title={live() ? "Close the connection with this code and reason" : "Connect first"}
      >
        Close with code
      </button>
      <Show when={!live()}>
        <span class="muted run-status">Connect first</span>
      </Show>
      <Show when={error()}>
        <span class="field-error" role="alert">
          {error()}
        </span>
      </Show>
    </form>
  );
}
