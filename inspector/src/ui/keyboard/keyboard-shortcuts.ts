import { onCleanup } from "solid-js";
import {
  ariaKeyShortcuts,
  isTextEntry,
  matchShortcut,
  type ShortcutAction,
  shortcutLabel,
} from "../../model/keyboard/shortcuts.ts";

/** Whether the page runs on a Mac, where ⌘ stands for Ctrl. */
export function isMacPlatform(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  return /mac|iphone|ipad/i.test(nav.userAgentData?.platform ?? nav.platform ?? "");
}

/** A shortcut's keys on this platform, for a title: "Ctrl+Shift+K", or "⌘+Shift+K" on a Mac. */
export function keysFor(action: ShortcutAction): string {
  return shortcutLabel(action, isMacPlatform());
}

/** A shortcut's keys for `aria-keyshortcuts` on the control it reaches. */
export function ariaKeysFor(action: ShortcutAction): string {
  return ariaKeyShortcuts(action, isMacPlatform());
}

/**
 * The shortcut table's keys, heard once for the whole app on the document. A key a view already
 * handled (its default prevented, e.g. Ctrl+Enter in the message box) is left alone, and so is a
 * shortcut `run` could not carry out, so the browser still gets it (Ctrl+F finds on the page).
 */
export function createKeyboardShortcuts(options: {
  mac: boolean;
  /** False while something (a modal dialog) takes the keys. */
  enabled: () => boolean;
  /** Carries out `action`; false when there was nothing to do. */
  run: (action: ShortcutAction) => boolean;
}): void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing || !options.enabled()) return;
    const focused = document.activeElement;
    const action = matchShortcut(event, {
      mac: options.mac,
      typing:
        focused instanceof HTMLElement &&
        isTextEntry({
          tagName: focused.tagName,
          type: (focused as HTMLInputElement).type,
          isContentEditable: focused.isContentEditable,
        }),
      insideApp: focused !== null && focused !== document.body,
    });
    if (action && options.run(action)) event.preventDefault();
  };
  document.addEventListener("keydown", onKeyDown);
  onCleanup(() => document.removeEventListener("keydown", onKeyDown));
}
