import { For, Show } from "solid-js";
import type { Sessions } from "../../state/sessions.ts";

/** The session tabs: select, close, open a new one, and split the view with another. */
export function SessionTabs(props: { sessions: Sessions; newUrl: () => string }) {
  const sessions = () => props.sessions;
  return (
    <div class="session-tabs">
      <div role="tablist" aria-label="Sessions" class="tab-strip">
        <For each={sessions().list()}>
          {(session) => (
            <span class="session-tab-wrap">
              <button
                type="button"
                role="tab"
                class="session-tab"
                aria-selected={sessions().active().id === session.id}
                onClick={() => sessions().select(session.id)}
              >
                {session.name()}
                <span
                  class="tab-state"
                  data-state={session.connection.status().state}
                  aria-hidden="true"
                />
              </button>
              <Show when={sessions().list().length > 1}>
                <button
                  type="button"
                  class="tab-close"
                  aria-label={`Close tab ${session.name()}`}
                  onClick={() => sessions().close(session.id)}
                >
                  ×
                </button>
              </Show>
            </span>
          )}
        </For>
      </div>
      <button
        type="button"
        class="button small"
        onClick={() => sessions().add({ url: props.newUrl() })}
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
