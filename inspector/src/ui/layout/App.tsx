import { createSignal, For, onCleanup, Show } from "solid-js";
import type { CaptureClient } from "../../capture/capture-client.ts";
import type { ShortcutAction } from "../../model/keyboard/shortcuts.ts";
import { splitDirection } from "../../model/layout/arrangement.ts";
import { createEnvironments } from "../../state/environments.ts";
import { createImporter } from "../../state/importer.ts";
import { createLayoutPrefs, LayoutPrefsContext } from "../../state/layout-prefs.ts";
import { createRoomLab } from "../../state/room-lab.ts";
import { createSavedMessages } from "../../state/saved-messages.ts";
import type { Session } from "../../state/session.ts";
import type { SessionSettingsValue } from "../../state/session-settings.ts";
import { createSessions } from "../../state/sessions.ts";
import { createWorkspace } from "../../state/workspace.ts";
import { WorkspaceContext } from "../../state/workspace-context.ts";
import { EnvironmentPicker } from "../environments/EnvironmentPicker.tsx";
import { ImportExport } from "../import-export/ImportExport.tsx";
import { createKeyboardShortcuts, isMacPlatform } from "../keyboard/keyboard-shortcuts.ts";
import { ShortcutsDialog } from "../keyboard/ShortcutsDialog.tsx";
import { RoomLabPanel } from "../room-lab/RoomLabPanel.tsx";
import { Deferred } from "../shared/Deferred.tsx";
import { NewTapDialog } from "../tap/NewTapDialog.tsx";
import { TapSessionView } from "../tap/TapSessionView.tsx";
import { createElementSize } from "./element-size.ts";
import { SessionTabs } from "./SessionTabs.tsx";
import { SessionView } from "./SessionView.tsx";
import { ToastRegion } from "./toasts.tsx";

/**
 * The inspector: session tabs, each a connection with its log, tools and status bar, or the room
 * lab, a mode of its own (picking a tab leaves it). The keyboard shortcuts are heard here, once.
 */
export function App(props: {
  client: CaptureClient;
  initialUrl: string;
  /** Settings of the first tab, e.g. from a share link. */
  initial?: SessionSettingsValue | undefined;
}) {
  const environments = createEnvironments(globalThis.localStorage);
  const sessions = createSessions(props.client, { url: props.initialUrl }, environments);
  // Saved tabs come back first; a share link then opens as a tab of its own.
  const workspace = createWorkspace(sessions, () => {
    if (props.initial) sessions.add(props.initial);
  });
  const saved = createSavedMessages();
  const [isolated, setIsolated] = createSignal<boolean>();
  props.client.onClock(setIsolated);
  onCleanup(() => props.client.dispose());

  const lab = createRoomLab(props.client, props.initialUrl.replace(/\/echo$/, "/rooms/lab"));
  const importer = createImporter((meta, { tap }) => {
    // The capture without frames (they come in batches): its decoders come with the tab. A
    // tap's capture opens as a tap tab that shows its clients but does not watch.
    const session = sessions.add(
      {
        url: meta.url,
        protocols: meta.protocols.join(", "),
        ...(tap ? { tap: { name: tap, imported: true } } : {}),
      },
      { ...meta, frames: [] },
    );
    return session && { add: (batches) => session.connection.load(batches) };
  });
  /** Opens a tap's tab, or selects it when one is open already; either way the lab steps aside. */
  const openTap = (tap: { name: string; url: string }) => {
    const open = sessions
      .list()
      .find((session) => session.tap?.name === tap.name && session.tap.live);
    if (open) sessions.select(open.id);
    else sessions.add({ url: tap.url, tap: { name: tap.name } });
    lab.setShown(false);
  };
  // One set of pane sizes for the whole app, every tab and every reload.
  const layout = createLayoutPrefs(globalThis.localStorage);
  let main!: HTMLElement;
  let header!: HTMLElement;
  const mainSize = createElementSize(() => main);
  const split = () =>
    sessions.splitWith() && !lab.shown() ? splitDirection(mainSize().width) : undefined;

  // Every session stays mounted (hidden when not shown), so switching tabs keeps scroll and selection.
  const shown = (id: number) =>
    !lab.shown() && (sessions.active().id === id || sessions.splitWith()?.id === id);

  /** The session a shortcut means: the one holding focus (one side of a split), else the active one. */
  const currentSession = (): Session => {
    const slot = document.activeElement?.closest<HTMLElement>("[data-session]");
    const id = Number(slot?.dataset.session);
    return sessions.list().find((session) => session.id === id) ?? sessions.active();
  };

  /** Selects the tab `step` away from the active one (wrapping), leaving the lab, and focuses it. */
  function stepTab(step: 1 | -1) {
    const list = sessions.list();
    const index = list.indexOf(sessions.active());
    const next = list[(index + step + list.length) % list.length];
    if (next) sessions.select(next.id);
    lab.setShown(false);
    header.querySelector<HTMLElement>('[role="tab"][aria-selected="true"]')?.focus();
  }

  const [shortcutsOpen, setShortcutsOpen] = createSignal(false);
  const mac = isMacPlatform();
  function runShortcut(action: ShortcutAction): boolean {
    switch (action) {
      case "show-shortcuts":
        setShortcutsOpen(true);
        return true;
      case "next-tab":
      case "previous-tab":
        stepTab(action === "next-tab" ? 1 : -1);
        return true;
    }
    // Sending or clearing acts on what is on screen: not on a session hidden behind the lab.
    if (action === "send" || action === "clear-log") {
      if (lab.shown()) return false;
      const session = currentSession();
      return action === "send" ? session.composer.send() : session.commands.run(action);
    }
    // Focusing a session's field, or its panel, leaves the lab (a mode over the sessions).
    lab.setShown(false);
    return currentSession().commands.run(action);
  }
  createKeyboardShortcuts({ mac, enabled: () => !shortcutsOpen(), run: runShortcut });

  return (
    <WorkspaceContext.Provider value={workspace}>
      <LayoutPrefsContext.Provider value={layout}>
        <ToastRegion>
          <div class="app">
            <header class="app-header" ref={header}>
              <h1 class="app-title">SocketScope</h1>
              <SessionTabs
                sessions={sessions}
                newUrl={() => props.initialUrl}
                elsewhere={lab.shown()}
                onPick={() => lab.setShown(false)}
              />
              <NewTapDialog onOpen={openTap} />
              <ImportExport active={sessions.active} importer={importer} />
              <EnvironmentPicker environments={environments} />
              <button
                type="button"
                class="button small"
                aria-pressed={lab.shown()}
                title={
                  lab.shown()
                    ? "Leave the room lab (or pick a session tab)"
                    : "Open many clients on one room"
                }
                onClick={() => lab.setShown(!lab.shown())}
              >
                Room lab
              </button>
              <button
                type="button"
                class="icon-button shortcuts-button"
                aria-label="Keyboard shortcuts"
                aria-haspopup="dialog"
                title="Keyboard shortcuts (?)"
                onClick={() => setShortcutsOpen(true)}
              >
                <span aria-hidden="true">?</span>
              </button>
            </header>
            <main class="app-main" data-split={split()} ref={main}>
              <Show when={lab.shown()}>
                <RoomLabPanel lab={lab} />
              </Show>
              <For each={sessions.list()}>
                {(session) => (
                  <div class="session-slot" data-session={session.id} hidden={!shown(session.id)}>
                    {/* A task after the header: the first render comes in pieces (main.tsx). */}
                    <Deferred>
                      <Show
                        when={session.tap}
                        fallback={
                          <SessionView
                            session={session}
                            saved={saved}
                            crossOriginIsolated={isolated()}
                            shown={shown(session.id)}
                          />
                        }
                      >
                        {(tap) => (
                          <TapSessionView
                            session={session}
                            tap={tap()}
                            saved={saved}
                            crossOriginIsolated={isolated()}
                            shown={shown(session.id)}
                          />
                        )}
                      </Show>
                    </Deferred>
                  </div>
                )}
              </For>
            </main>
          </div>
          <ShortcutsDialog
            open={shortcutsOpen()}
            mac={mac}
            onClose={() => setShortcutsOpen(false)}
          />
        </ToastRegion>
      </LayoutPrefsContext.Provider>
    </WorkspaceContext.Provider>
  );
}
