import { createSignal } from "solid-js";
import type { ReplaySpec } from "../../capture/protocol.ts";
import { describeRunProgress } from "../../model/compose/run-progress.ts";
import { useSession } from "../../state/session-context.ts";

/**
 * Replays the frames this session sent (captured or imported) on the live connection; its
 * progress shows right after its button, apart from the scheduled send's.
 */
export function ReplayControls() {
  const { connection, schedule } = useSession();
  const [timing, setTiming] = createSignal<ReplaySpec["timing"]>("original");
  const open = () => connection.status().state === "open";
  const running = () => schedule.replayRunning();
  return (
    <form
      class="replay compose-row"
      aria-label="Replay"
      onSubmit={(event) => {
        event.preventDefault();
        if (running()) schedule.stopReplay();
        else if (open()) schedule.replay(connection.sentFrames(), timing());
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
        disabled={!open() && !running()}
        title={
          running()
            ? "Stop the replay"
            : open()
              ? "Send the frames this tab sent again, on the live connection"
              : "Connect first"
        }
      >
        {running() ? "Stop replay" : "Replay"}
      </button>
      <span class="muted run-status" role="status" aria-label="Replay progress">
        {describeRunProgress(schedule.replayProgress())}
      </span>
    </form>
  );
}
