import { createSignal } from "solid-js";
import type { Connection } from "../../state/connection.ts";

/** Writes a text message and sends it on the connection. Ctrl/Cmd+Enter sends. */
export function Composer(props: { connection: Connection }) {
  const [message, setMessage] = createSignal("");
  const canSend = () => props.connection.status().state === "open";

  function send(event?: SubmitEvent) {
    event?.preventDefault();
    if (canSend()) props.connection.send(message());
  }

  return (
    <form class="composer" onSubmit={send} aria-label="Composer">
      <label class="field-label" for="composer-message">
        Message
      </label>
      <textarea
        id="composer-message"
        class="input mono composer-message"
        value={message()}
        onInput={(event) => setMessage(event.currentTarget.value)}
        onKeyDown={(event) => {
          if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send();
        }}
        rows={3}
        spellcheck={false}
      />
      <button
        type="submit"
        class="button primary"
        disabled={!canSend()}
        title={canSend() ? "Send (Ctrl+Enter)" : "Connect first"}
      >
        Send
      </button>
    </form>
  );
}
