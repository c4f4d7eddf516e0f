import { Index, Show } from "solid-js";
import type { TapDirection } from "../../../../echo-server/protocol/tap-wire.ts";
import { injectableClients } from "../../model/tap/tap-clients.ts";
import type { TapState } from "../../state/tap.ts";

/**
 * Where a tap tab's composer sends: into one connected client's traffic, toward its server (as
 * if the app sent it) or toward the app (as if the server did). Schedules and replays follow.
 */
export function InjectTarget(props: { tap: TapState }) {
  const clients = () => injectableClients(props.tap.view().clients);
  return (
    <>
      <label class="field inline">
        <span class="field-label">Inject into</span>
        <select
          class="input"
          value={props.tap.injectClient() ?? ""}
          disabled={clients().length === 0}
          onChange={(e) =>
            props.tap.setInjectClient(
              e.currentTarget.value === "" ? undefined : Number(e.currentTarget.value),
            )
          }
        >
          <Show when={clients().length === 0}>
            <option value="">No client connected</option>
          </Show>
          {/* By position, not by object: the counts change four times a second, and a list of new
              option elements each time would set off every observer of the panel's subtree. */}
          <Index each={clients()}>
            {(client) => (
              <option value={client().id}>
                #{client().id} {client().remote}
              </option>
            )}
          </Index>
        </select>
      </label>
      <label class="field inline">
        <span class="field-label">Toward</span>
        <select
          class="input"
          value={props.tap.injectDirection()}
          onChange={(e) => props.tap.setInjectDirection(e.currentTarget.value as TapDirection)}
        >
          <option value="s2c">The app (as from the server)</option>
          <option value="c2s">The server (as from the app)</option>
        </select>
      </label>
    </>
  );
}
