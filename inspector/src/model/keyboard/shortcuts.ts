/**
 * The inspector's keyboard shortcuts as data: the table the "Keyboard shortcuts" dialog lists,
 * and the one function that matches a key press against it. The app wires it once; nothing here
 * touches the DOM.
 *
 * Why these keys: each avoids what the browser keeps for itself and what text editing needs.
 * Chromium never hands a page Ctrl+Tab or Ctrl+PageUp/PageDown (they switch browser tabs), so
 * the session tabs use Ctrl+Alt+←/→. Letters take Alt (Alt+U, Alt+M) outside a Mac, where Option
 * types characters (Option+U is the umlaut), so a Mac takes Control instead; Ctrl+Alt+letter is
 * AltGr on Windows, which types characters too. Ctrl/⌘+F is taken from the browser's find only
 * while focus is inside the app. A shortcut without a modifier ("?") never fires while typing.
 */

/** What a shortcut does. */
export type ShortcutAction =
  | "focus-url"
  | "focus-filter"
  | "focus-message"
  | "send"
  | "clear-log"
  | "toggle-panel"
  | "next-tab"
  | "previous-tab"
  | "show-shortcuts";

/**
 * A key and its modifiers. `code` names a physical key (`KeyU`, `Enter`, `ArrowRight`), so a
 * letter matches whatever the layout or Option prints; `key` names a printed character (`?`),
 * which may need Shift on one layout and not on another, so Shift is not compared for it.
 * `mod` is Ctrl, or ⌘ on a Mac; `ctrl` is the Control key everywhere.
 */
export interface Chord {
  readonly code?: string;
  readonly key?: string;
  readonly mod?: boolean;
  readonly ctrl?: boolean;
  readonly alt?: boolean;
  readonly shift?: boolean;
}

/** One row of the shortcut table. */
export interface Shortcut {
  readonly action: ShortcutAction;
  /** What it does, as the dialog says it. */
  readonly description: string;
  /** The chord on Windows and Linux (and on a Mac unless `mac` is given). */
  readonly chord: Chord;
  /** The chord on a Mac, where it differs. */
  readonly mac?: Chord;
  /** It fires while focus is in a text field. */
  readonly whileTyping: boolean;
  /** It fires only while focus is inside the app, leaving the browser its own use otherwise. */
  readonly insideAppOnly?: boolean;
}

/** The shortcuts, in the order the dialog lists them. */
export const SHORTCUTS: readonly Shortcut[] = [
  {
    action: "focus-url",
    description: "Focus the WebSocket URL",
    chord: { code: "KeyU", alt: true },
    mac: { code: "KeyU", ctrl: true },
    whileTyping: true,
  },
  {
    action: "focus-filter",
    description: "Focus the frame filter",
    chord: { code: "KeyF", mod: true },
    whileTyping: true,
    insideAppOnly: true,
  },
  {
    action: "focus-message",
    description: "Focus the message (opens the Compose tab)",
    chord: { code: "KeyM", alt: true },
    mac: { code: "KeyM", ctrl: true },
    whileTyping: true,
  },
  {
    action: "send",
    description: "Send the message",
    chord: { code: "Enter", mod: true },
    // In the message box the composer sends itself; other text fields keep Ctrl+Enter.
    whileTyping: false,
  },
  {
    action: "clear-log",
    description: "Clear the log",
    chord: { code: "KeyK", mod: true, shift: true },
    whileTyping: true,
  },
  {
    action: "toggle-panel",
    description: "Collapse or expand the bottom panel",
    chord: { code: "KeyJ", mod: true },
    whileTyping: true,
  },
  {
    action: "next-tab",
    description: "Next session tab",
    chord: { code: "ArrowRight", ctrl: true, alt: true },
    whileTyping: true,
  },
  {
    action: "previous-tab",
    description: "Previous session tab",
    chord: { code: "ArrowLeft", ctrl: true, alt: true },
    whileTyping: true,
  },
  {
    action: "show-shortcuts",
    description: "Show these shortcuts",
    chord: { key: "?" },
    whileTyping: false,
  },
];

/** Keys that work where focus is, listed in the dialog after the shortcuts. */
export const KEY_HINTS: readonly { keys: string; description: string }[] = [
  { keys: "↑ ↓ Page Up/Down Home End", description: "Move the selection in the log" },
  { keys: "↑ ↓", description: "At the start or end of the message: recall earlier messages" },
  { keys: "Arrows Home End", description: "On a splitter: resize (with Shift, in bigger steps)" },
  { keys: "Escape", description: "Close a dialog, a menu or the relay settings" },
];

/** The parts of a key press that matching reads (a KeyboardEvent has them all). */
export interface KeyPress {
  readonly key: string;
  readonly code: string;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly shiftKey: boolean;
}

/** Where the key was pressed. */
export interface KeyContext {
  readonly mac: boolean;
  /** Focus is in a text field, a text area, a select or editable content. */
  readonly typing: boolean;
  /** Focus is on an element of the app (not the bare page). */
  readonly insideApp: boolean;
}

/** The chord of `shortcut` on this platform. */
export function chordFor(shortcut: Shortcut, mac: boolean): Chord {
  return (mac && shortcut.mac) || shortcut.chord;
}

function matchesChord(chord: Chord, press: KeyPress, mac: boolean): boolean {
  const wantCtrl = Boolean(chord.ctrl) || (Boolean(chord.mod) && !mac);
  const wantMeta = Boolean(chord.mod) && mac;
  if (press.ctrlKey !== wantCtrl || press.metaKey !== wantMeta) return false;
  if (press.altKey !== Boolean(chord.alt)) return false;
  if (chord.key !== undefined) return press.key === chord.key;
  return press.shiftKey === Boolean(chord.shift) && press.code === chord.code;
}

/** The action a key press asks for, or undefined when it is not a shortcut here. */
export function matchShortcut(press: KeyPress, context: KeyContext): ShortcutAction | undefined {
  for (const shortcut of SHORTCUTS) {
    if (!matchesChord(chordFor(shortcut, context.mac), press, context.mac)) continue;
    if (context.typing && !shortcut.whileTyping) return undefined;
    if (shortcut.insideAppOnly && !context.insideApp) return undefined;
    return shortcut.action;
  }
  return undefined;
}

const KEY_NAMES: Record<string, string> = {
  ArrowRight: "→",
  ArrowLeft: "←",
  ArrowUp: "↑",
  ArrowDown: "↓",
  Enter: "Enter",
};

/** A chord as the user reads it, e.g. "Ctrl+Shift+K", or "⌘+Shift+K" on a Mac. */
export function formatChord(chord: Chord, mac: boolean): string {
  const parts: string[] = [];
  if (chord.ctrl || (chord.mod && !mac)) parts.push("Ctrl");
  if (chord.mod && mac) parts.push("⌘");
  if (chord.alt) parts.push(mac ? "Option" : "Alt");
  if (chord.shift) parts.push("Shift");
  const code = chord.code ?? "";
  parts.push(chord.key ?? KEY_NAMES[code] ?? code.replace(/^(Key|Digit)/, ""));
  return parts.join("+");
}

/** The chord of `action` as the user reads it on this platform, e.g. "Ctrl+Shift+K". */
export function shortcutLabel(action: ShortcutAction, mac: boolean): string {
  const shortcut = SHORTCUTS.find((row) => row.action === action);
  return shortcut ? formatChord(chordFor(shortcut, mac), mac) : "";
}

/**
 * The chord of `action` as `aria-keyshortcuts` wants it (modifier names as KeyboardEvent.key
 * spells them), e.g. "Control+Shift+K" or "Meta+F".
 */
export function ariaKeyShortcuts(action: ShortcutAction, mac: boolean): string {
  const shortcut = SHORTCUTS.find((row) => row.action === action);
  if (!shortcut) return "";
  const chord = chordFor(shortcut, mac);
  const parts: string[] = [];
  if (chord.ctrl || (chord.mod && !mac)) parts.push("Control");
  if (chord.mod && mac) parts.push("Meta");
  if (chord.alt) parts.push("Alt");
  if (chord.shift) parts.push("Shift");
  const code = chord.code ?? "";
  parts.push(chord.key ?? code.replace(/^(Key|Digit)/, ""));
  return parts.join("+");
}

/** Whether focus in this element means the user is typing (single-key shortcuts stand back). */
export function isTextEntry(element: {
  tagName: string;
  type?: string;
  isContentEditable?: boolean;
}): boolean {
  if (element.isContentEditable) return true;
  const tag = element.tagName.toUpperCase();
  if (tag === "TEXTAREA" || tag === "SELECT") return true;
  if (tag !== "INPUT") return false;
  return !NON_TEXT_INPUTS.has((element.type ?? "text").toLowerCase());
}

/** Input types that take no typing. */
const NON_TEXT_INPUTS = new Set([
  "button",
  "checkbox",
  "color",
  "file",
  "hidden",
  "image",
  "radio",
  "range",
  "reset",
  "submit",
]);
