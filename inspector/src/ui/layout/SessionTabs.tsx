import { For, Show } from "solid-js";
import type { Sessions } from "../../state/sessions.ts";

/**
 * The session tabs: select, close, open a new one, and split the view with another. While another
 * view (the room lab) is shown instead, no tab is selected, and picking or opening one leaves it.
 */
export function SessionTabs(props: {
  sessions: Sessions;
  newUrl: () => string;
  /** Another view is shown instead of the sessions. */
  elsewhere: boolean;
  /** A tab was picked or opened: the sessions are to be shown. */
  onPick: () => void;
}) {
  const sessions = () => props.sessions;
  return (
    <div class="session-tabs">
      {/*
        A tablist may own tabs only, so each tab's close button sits outside it, in a list of its
        own. Both lists are `display: contents` inside the strip, and `order` puts each close
        button right after its tab.
      */}
      <div class="tab-strip">
        <div role="tablist" aria-label="Sessions" class="tab-list">
          <For each={sessions().list()}>
            {(session, index) => (
              <button
                type="button"
                role="tab"
                class="session-tab"
                style={{ order: index() * 2 }}
                data-closable={sessions().list().length > 1 ? "" : undefined}
                aria-selected={!props.elsewhere && sessions().active().id === session.id}
                onClick={() => {
                  sessions().select(session.id);
                  props.onPick();
                }}
              >
                {session.name()}
                <span
                  class="tab-state"
                  data-state={session.connection.status().state}
                  aria-hidden="true"
                />
              </button>
            )}
          </For>
        </div>
        <Show when={sessions().list().length > 1}>
          <div class="tab-closers">
            <For each={sessions().list()}>
              {(session, index) => (
                <button
                  type="button"
                  class="tab-close"
                  style={{ order: index() * 2 + 1 }}
                  aria-label={`Close tab ${session.name()}`}
                  onClick={() => sessions().close(session.id)}
                >
                  ×
                </button>
              )}
            </For>
          </div>
        </Show>
      </div>
      <button
        type="button"
        class="button small"
        onClick={() => {
          sessions().add({ url: props.newUrl() });
          props.onPick();
        }}
      >
        New tab
      </button>
      <label class="field inline">
        <span class="field-label">Split with</span>
        <select
          class="input"
          value={sessions().splitWith()?.id ?? ""}
          onChange={(event) =>
            sessions().setSplitWith(
              event.currentTarget.value ? Number(event.currentTarget.value) : undefined,
            )
          }
        >
          <option value="">No split</option>
          <For
            each={sessions()
              .list()
              .filter((session) => session.id !== sessions().active().id)}
          >
            {(session) => <option value={session.id}>{session.name()}</option>}
          </For>
        </select>
      </label>
    </div>
  );
}
