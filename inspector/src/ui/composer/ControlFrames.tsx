import { createSignal, Show } from "solid-js";
import { useSession } from "../../state/session-context.ts";

/**
 * Sends a ping frame with a payload through the relay; its pong shows with the relay's RTT.
 * Shown only where a ping can apply: a connection via the relay, or the relay switched on.
 */
export function ControlFrames() {
  const { connection, settings } = useSession();
  const [payload, setPayload] = createSignal("ping");
  const open = () => connection.status().state === "open";
  const available = () => connection.via() === "relay" && open();
  const applies = () => settings.viaRelay() || available();
  const reason = () => {
    if (available()) return "";
    return open() ? "Reconnect via the relay to send pings" : "Connect via the relay first";
  };
  return (
    <Show when={applies()}>
      <form
        class="control-frames compose-row"
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
          title={available() ? "Send a ping frame" : reason()}
        >
          Ping the server
        </button>
        <Show when={reason()}>
          <span class="muted run-status">{reason()}</span>
        </Show>
      </form>
    </Show>
  );
}
