import { createEffect, createSignal, createUniqueId, Show } from "solid-js";
import { describeStatus, isLive } from "../../model/connect/connection-status.ts";
import { checkHoldTimeout } from "../../model/tap/tap-form.ts";
import { useSession } from "../../state/session-context.ts";
import type { TapState } from "../../state/tap.ts";
import { removeTapOnServer } from "../../state/tap-api.ts";
import { CopyButton } from "../frame-detail/CopyButton.tsx";

/**
 * The top line of a tap tab, in place of the connection bar: the URL apps connect to (to copy),
 * where the tap goes, the hold timeout, Watch / Stop watching, Remove tap, and the tap status.
 */
export function TapBar(props: { tap: TapState }) {
  const { connection } = useSession();
  const tap = () => props.tap;
  const errorId = createUniqueId();
  const [timeout, setTimeoutText] = createSignal("");
  const [problem, setProblem] = createSignal("");
  const watching = () => isLive(connection.status());
  const clients = () =>
    tap()
      .view()
      .clients.filter((client) => !client.closed).length;

  // The field follows the tap's setting until the user types in it.
  createEffect(() => {
    const ms = tap().view().info?.holdTimeoutMs;
    if (ms !== undefined) setTimeoutText(String(ms / 1000));
  });

  function applyTimeout(event?: Event) {
    event?.preventDefault();
    const checked = checkHoldTimeout(timeout());
    if (!checked.ok) return setProblem(checked.message);
    setProblem("");
    if (checked.ms !== tap().view().info?.holdTimeoutMs) tap().setHoldTimeout(checked.ms);
  }

  async function remove() {
    const failed = await removeTapOnServer(tap().name);
    setProblem(failed ? `Could not remove the tap: ${failed}` : "");
  }

  const status = () => {
    const current = connection.status();
    if (!tap().live) return "Imported capture (not watching)";
    if (current.state === "open")
      return `Watching: ${clients()} client${clients() === 1 ? "" : "s"} connected`;
    if (current.state === "connecting") return "Connecting to the tap…";
    if (current.state === "idle") return "Not watching";
    return `Not watching: ${describeStatus(current)}`;
  };

  return (
    <div class="tap-bar">
      <label class="field tap-url">
        <span class="field-label">Tap URL</span>
        <input class="input mono" readOnly value={tap().url()} />
      </label>
      <CopyButton label="Copy tap URL" get={() => tap().url()} />
      <span class="tap-target muted" title="Where the tap connects its apps">
        → {tap().target() || "mock: answers from its rules"}
      </span>
      <Show when={tap().live}>
        <form class="tap-timeout" onSubmit={applyTimeout}>
          <label class="field narrow">
            <span class="field-label">Hold timeout (s)</span>
            <input
              class="input"
              inputMode="decimal"
              value={timeout()}
              aria-invalid={problem() !== ""}
              aria-describedby={problem() ? errorId : undefined}
              onInput={(e) => setTimeoutText(e.currentTarget.value)}
              onChange={() => applyTimeout()}
            />
          </label>
        </form>
        <button
          type="button"
          class="button small"
          onClick={() => (watching() ? tap().stopWatching() : tap().watch())}
        >
          {watching() ? "Stop watching" : "Watch"}
        </button>
        <button type="button" class="button small" onClick={remove}>
          Remove tap
        </button>
      </Show>
      <span
        role="status"
        aria-label="Tap status"
        class="tap-status"
        data-state={connection.status().state}
        title={status()}
      >
        {status()}
      </span>
      <Show when={problem()}>
        <span id={errorId} class="field-error field-popup" role="alert">
          {problem()}
        </span>
      </Show>
    </div>
  );
}
