import { createSignal } from "solid-js";
import type { ReplaySpec } from "../../capture/protocol.ts";
import { useSession } from "../../state/session-context.ts";

/** Replays the frames this session sent (captured or imported) on the live connection. */
export function ReplayControls() {
  const { connection, schedule } = useSession();
  const [timing, setTiming] = createSignal<ReplaySpec["timing"]>("original");
  const open = () => connection.status().state === "open";
  return (
    <form
      class="replay"
      aria-label="Replay"
      onSubmit={(event) => {
        event.preventDefault();
        if (open()) schedule.replay(connection.sentFrames(), timing());
      }}
    >
      <label class="field">
        <span class="field-label">Replay timing</span>
        <select
          class="input"
          value={timing()}
          onChange={(e) => setTiming(e.currentTarget.value as ReplaySpec["timing"])}
        >
          <option value="original">Original timing</option>
          <option value="fast">As fast as possible</option>
        </select>
      </label>
      <button
        type="submit"
        class="button small"
        disabled={!open()}
        title={
          open() ? "Send the frames this tab sent again, on the live connection" : "Connect first"
        }
      >
        Replay
      </button>
    </form>
  );
}
