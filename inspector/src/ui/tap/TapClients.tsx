import { Index, Show } from "solid-js";
import { tapClientRow } from "../../model/tap/tap-clients.ts";
import { useSession } from "../../state/session-context.ts";
import type { TapState } from "../../state/tap.ts";

/**
 * The apps connected through the tap: id, address, when each opened, its frames each way, and
 * how it closed. "Show only" narrows the log to one client's frames and events.
 */
export function TapClients(props: { tap: TapState }) {
  const { log } = useSession();
  const shown = () => log.filter().stream;
  const rows = () => props.tap.view().clients.map(tapClientRow);
  const toggle = (id: number) => log.setFilter({ stream: shown() === id ? 0 : id });

  return (
    <section class="tap-section" aria-label="Tap clients">
      <h3 class="tap-section-title">Clients</h3>
      <Show
        when={rows().length > 0}
        fallback={
          <p class="muted">No app has connected yet. Point your app at the Tap URL above.</p>
        }
      >
        <table class="tap-clients">
          <thead>
            <tr>
              <th scope="col">Client</th>
              <th scope="col">Address</th>
              <th scope="col">Opened</th>
              <th scope="col">Frames</th>
              <th scope="col">State</th>
              <th scope="col">
                <span class="visually-hidden">Filter</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {/* Rows update in place: the counts change four times a second while apps talk. */}
            <Index each={rows()}>
              {(row) => (
                <tr data-closed={row().state === "open" ? undefined : ""}>
                  <td class="mono">{row().label}</td>
                  <td class="mono">{row().remote}</td>
                  <td class="mono">{row().opened}</td>
                  <td>{row().counts}</td>
                  <td>{row().state}</td>
                  <td>
                    <button
                      type="button"
                      class="toggle"
                      aria-pressed={shown() === row().id}
                      aria-label={`Show only client ${row().label}`}
                      onClick={() => toggle(row().id)}
                    >
                      Only
                    </button>
                  </td>
                </tr>
              )}
            </Index>
          </tbody>
        </table>
      </Show>
      <Show when={shown() !== 0}>
        <p class="muted">
          The log shows client #{shown()} only.{" "}
          <button type="button" class="link-button" onClick={() => log.setFilter({ stream: 0 })}>
            Show every client
          </button>
        </p>
      </Show>
      <Show when={props.tap.view().missed > 0}>
        <p class="warning">
          This tab missed {props.tap.view().missed} frames of the tap while it read too slowly.
        </p>
      </Show>
    </section>
  );
}
