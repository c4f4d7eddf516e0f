import { createSignal } from "solid-js";
import type { Connection } from "../../state/connection.ts";

/** Sends a ping frame with a payload through the relay; its pong shows with the relay's RTT. */
export function ControlFrames(props: { connection: Connection }) {
  const [payload, setPayload] = createSignal("ping");
  const available = () =>
    props.connection.via() === "relay" && props.connection.status().state === "open";
  return (
    <form
      class="control-frames"
      aria-label="Control frames"
      onSubmit={(event) => {
        event.preventDefault();
        if (available()) props.connection.ping(payload());
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
