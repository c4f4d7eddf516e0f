import { createSignal } from "solid-js";
import { useSession } from "../../state/session-context.ts";

/** Sends a ping frame with a payload through the relay; its pong shows with the relay's RTT. */
export function ControlFrames() {
  const { connection } = useSession();
  const [payload, setPayload] = createSignal("ping");
  const available = () => connection.via() === "relay" && connection.status().state === "open";
  return (
    <form
      class="control-frames"
      aria-label="Control frames"
      onSubmit={(event) => {
        event.preventDefault();
        if (available()) connection.ping(payload());
      }}
    >
      <label class="field">
        <span class="field-label">Ping payload</span>
        <input
          class="input mono"
          maxLength={125}
          value={payload()}
          onInput={(e) => setPayload(e.currentTarget.value)}
        />
      </label>
      <button
        type="submit"
        class="button small"
        disabled={!available()}
        title={available() ? "Send a ping frame" : "Ping frames need a connection via the relay"}
      >
        Ping the server
      </button>
    </form>
  );
}
