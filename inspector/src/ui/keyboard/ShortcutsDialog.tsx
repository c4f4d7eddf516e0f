import { createEffect, createUniqueId, For } from "solid-js";
import {
  chordFor,
  formatChord,
  KEY_HINTS,
  SHORTCUTS,
  type ShortcutAction,
} from "../../model/keyboard/shortcuts.ts";

/**
 * "Keyboard shortcuts": the shortcut table, in a modal dialog ("?" opens it). A native dialog:
 * the browser keeps focus inside and closes it on Escape; focus then goes back where it was.
 */
export function ShortcutsDialog(props: { open: boolean; mac: boolean; onClose: () => void }) {
  const titleId = createUniqueId();
  let dialog!: HTMLDialogElement;
  let returnFocus: Element | null = null;
  const keysOf = (action: ShortcutAction) => {
    const shortcut = SHORTCUTS.find((row) => row.action === action);
    return shortcut ? formatChord(chordFor(shortcut, props.mac), props.mac) : "";
  };

  createEffect(() => {
    if (props.open && !dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
    } else if (!props.open && dialog.open) dialog.close();
  });

  return (
    <dialog
      ref={dialog}
      class="shortcuts-dialog"
      aria-labelledby={titleId}
      onClose={() => {
        props.onClose();
        if (returnFocus instanceof HTMLElement && returnFocus.isConnected) returnFocus.focus();
        returnFocus = null;
      }}
    >
      <div class="dialog-header">
        <h2 id={titleId} class="dialog-title">
          Keyboard shortcuts
        </h2>
        <button type="button" class="button small" onClick={() => dialog.close()}>
          Close
        </button>
      </div>
      <table class="shortcut-table">
        <caption class="visually-hidden">Shortcuts</caption>
        <tbody>
          <For each={SHORTCUTS}>
            {(shortcut) => (
              <tr>
                <th scope="row">
                  <kbd>{formatChord(chordFor(shortcut, props.mac), props.mac)}</kbd>
                </th>
                <td>{shortcut.description}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <h3 class="dialog-subtitle">Where focus is</h3>
      <table class="shortcut-table">
        <caption class="visually-hidden">Keys where focus is</caption>
        <tbody>
          <For each={KEY_HINTS}>
            {(hint) => (
              <tr>
                <th scope="row">
                  <kbd>{hint.keys}</kbd>
                </th>
                <td>{hint.description}</td>
              </tr>
            )}
          </For>
        </tbody>
      </table>
      <p class="muted dialog-note">
        Single-key shortcuts (like ?) wait while you type in a field. {keysOf("focus-filter")} is
        the browser's Find until focus is inside SocketScope.
      </p>
    </dialog>
  );
}
