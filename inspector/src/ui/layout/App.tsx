import { createSignal, For, onCleanup, Show } from "solid-js";
import type { CaptureClient } from "../../capture/capture-client.ts";
import { splitDirection } from "../../model/layout/arrangement.ts";
import { createImporter } from "../../state/importer.ts";
import { createLayoutPrefs, LayoutPrefsContext } from "../../state/layout-prefs.ts";
import { createRoomLab } from "../../state/room-lab.ts";
import { createSavedMessages } from "../../state/saved-messages.ts";
import type { SessionSettingsValue } from "../../state/session-settings.ts";
import { createSessions } from "../../state/sessions.ts";
import { createWorkspace } from "../../state/workspace.ts";
import { WorkspaceContext } from "../../state/workspace-context.ts";
import { ImportExport } from "../import-export/ImportExport.tsx";
import { RoomLabPanel } from "../room-lab/RoomLabPanel.tsx";
import { createElementSize } from "./element-size.ts";
import { SessionTabs } from "./SessionTabs.tsx";
import { SessionView } from "./SessionView.tsx";
import { ToastRegion } from "./toasts.tsx";

/** The inspector: session tabs, each a connection with its log, tools and status bar. */
export function App(props: {
  client: CaptureClient;
  initialUrl: string;
  /** Settings of the first tab, e.g. from a share link. */
  initial?: SessionSettingsValue | undefined;
}) {
  const sessions = createSessions(props.client, { url: props.initialUrl });
  // Saved tabs come back first; a share link then opens as a tab of its own.
  const workspace = createWorkspace(sessions, () => {
    if (props.initial) sessions.add(props.initial);
  });
  const saved = createSavedMessages();
  const [isolated, setIsolated] = createSignal<boolean>();
  props.client.onClock(setIsolated);
  onCleanup(() => props.client.dispose());

  const lab = createRoomLab(props.client);
  const importer = createImporter((meta) => {
    // The capture without frames (they come in batches): its decoders come with the tab.
    const session = sessions.add(
      { url: meta.url, protocols: meta.protocols.join(", ") },
      { ...meta, frames: [] },
    );
    return session && { add: (batches) => session.connection.load(batches) };
  });
  const [labOpen, setLabOpen] = createSignal(false);
  // One set of pane sizes for the whole app, every tab and every reload.
  const layout = createLayoutPrefs(globalThis.localStorage);
  let main!: HTMLElement;
  const mainSize = createElementSize(() => main);
  const split = () =>
    sessions.splitWith() && !labOpen() ? splitDirection(mainSize().width) : undefined;

  // Every session stays mounted (hidden when not shown), so switching tabs keeps scroll and selection.
  const shown = (id: number) =>
    !labOpen() && (sessions.active().id === id || sessions.splitWith()?.id === id);

  return (
    <WorkspaceContext.Provider value={workspace}>
      <LayoutPrefsContext.Provider value={layout}>
        <ToastRegion>
          <div class="app">
            <header class="app-header">
              <h1 class="app-title">SocketScope</h1>
              <SessionTabs sessions={sessions} newUrl={() => props.initialUrl} />
              <ImportExport active={sessions.active} importer={importer} />
              <button
                type="button"
                class="button small"
                aria-pressed={labOpen()}
                onClick={() => setLabOpen(!labOpen())}
              >
                Room lab
              </button>
            </header>
            <main class="app-main" data-split={split()} ref={main}>
              <Show when={labOpen()}>
                <RoomLabPanel
                  lab={lab}
                  defaultUrl={props.initialUrl.replace(/\/echo$/, "/rooms/lab")}
                />
              </Show>
              <For each={sessions.list()}>
                {(session) => (
                  <div class="session-slot" hidden={!shown(session.id)}>
                    <SessionView
                      session={session}
                      saved={saved}
                      crossOriginIsolated={isolated()}
                      shown={shown(session.id)}
                    />
                  </div>
                )}
              </For>
            </main>
          </div>
        </ToastRegion>
      </LayoutPrefsContext.Provider>
    </WorkspaceContext.Provider>
  );
}
