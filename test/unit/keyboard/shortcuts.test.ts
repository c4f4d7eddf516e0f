import { describe, expect, it } from "vitest";
import {
  ariaKeyShortcuts,
  chordFor,
  formatChord,
  isTextEntry,
  type KeyContext,
  type KeyPress,
  matchShortcut,
  SHORTCUTS,
  type ShortcutAction,
  shortcutLabel,
} from "../../../inspector/src/model/keyboard/shortcuts.ts";

/** A key press from a short description: "Ctrl+Shift+KeyK", "Meta+Enter", "Shift+?". */
function press(description: string): KeyPress {
  const parts = description.split("+");
  const last = parts.at(-1) ?? "";
  const has = (name: string) => parts.slice(0, -1).includes(name);
  const code = /^(Key[A-Z]|Arrow|Enter|Page|Slash)/.test(last) ? last : "";
  const key = code ? (code.startsWith("Key") ? code.slice(3).toLowerCase() : code) : last;
  return {
    key,
    code: code || (last === "?" ? "Slash" : ""),
    ctrlKey: has("Ctrl"),
    metaKey: has("Meta"),
    altKey: has("Alt"),
    shiftKey: has("Shift"),
  };
}

const linux: KeyContext = { mac: false, typing: false, insideApp: true };
const mac: KeyContext = { mac: true, typing: false, insideApp: true };
const typing: KeyContext = { ...linux, typing: true };
const onPage: KeyContext = { ...linux, insideApp: false };

describe("matchShortcut", () => {
  it.each<[string, KeyContext, ShortcutAction | undefined]>([
    // Each action on Windows and Linux.
    ["Alt+KeyU", linux, "focus-url"],
    ["Ctrl+KeyF", linux, "focus-filter"],
    ["Alt+KeyM", linux, "focus-message"],
    ["Ctrl+Enter", linux, "send"],
    ["Ctrl+Shift+KeyK", linux, "clear-log"],
    ["Ctrl+KeyJ", linux, "toggle-panel"],
    ["Ctrl+Alt+ArrowRight", linux, "next-tab"],
    ["Ctrl+Alt+ArrowLeft", linux, "previous-tab"],
    ["Shift+?", linux, "show-shortcuts"],
    // A layout that prints "?" without Shift.
    ["?", linux, "show-shortcuts"],
    // On a Mac: ⌘ for mod, Control where Option would type a character.
    ["Ctrl+KeyU", mac, "focus-url"],
    ["Meta+KeyF", mac, "focus-filter"],
    ["Ctrl+KeyM", mac, "focus-message"],
    ["Meta+Enter", mac, "send"],
    ["Meta+Shift+KeyK", mac, "clear-log"],
    ["Meta+KeyJ", mac, "toggle-panel"],
    ["Ctrl+Alt+ArrowRight", mac, "next-tab"],
    ["Alt+KeyU", mac, undefined],
    ["Ctrl+KeyF", mac, undefined],
    // Modifiers must match exactly.
    ["KeyU", linux, undefined],
    ["Ctrl+Alt+KeyU", linux, undefined],
    ["Ctrl+KeyK", linux, undefined],
    ["Ctrl+Shift+KeyF", linux, undefined],
    ["Meta+KeyF", linux, undefined],
    ["Ctrl+ArrowRight", linux, undefined],
    ["Alt+ArrowLeft", linux, undefined],
    ["Ctrl+?", linux, undefined],
    // Chromium keeps Ctrl+PageUp/PageDown for its own tabs: not ours.
    ["Ctrl+PageDown", linux, undefined],
  ])("%s (%o) → %s", (description, context, expected) => {
    expect(matchShortcut(press(description), context)).toBe(expected);
  });

  it.each<[string, ShortcutAction | undefined]>([
    ["Alt+KeyU", "focus-url"],
    ["Ctrl+KeyF", "focus-filter"],
    ["Alt+KeyM", "focus-message"],
    ["Ctrl+Shift+KeyK", "clear-log"],
    ["Ctrl+KeyJ", "toggle-panel"],
    ["Ctrl+Alt+ArrowLeft", "previous-tab"],
    // A single key types; Ctrl+Enter belongs to the field (the message box sends by itself).
    ["Shift+?", undefined],
    ["Ctrl+Enter", undefined],
  ])("while typing, %s → %s", (description, expected) => {
    expect(matchShortcut(press(description), typing)).toBe(expected);
  });

  it("leaves Ctrl+F to the browser while focus is on the bare page", () => {
    expect(matchShortcut(press("Ctrl+KeyF"), onPage)).toBeUndefined();
    expect(matchShortcut(press("Ctrl+KeyJ"), onPage)).toBe("toggle-panel");
  });
});

describe("the table", () => {
  it("has one row per action, and no two rows share a chord", () => {
    const actions = SHORTCUTS.map((shortcut) => shortcut.action);
    expect(new Set(actions).size).toBe(actions.length);
    for (const isMac of [false, true]) {
      const chords = SHORTCUTS.map((shortcut) => formatChord(chordFor(shortcut, isMac), isMac));
      expect(new Set(chords).size).toBe(chords.length);
    }
  });

  it("gives every chord without Ctrl, Alt or ⌘ to no one while typing", () => {
    for (const shortcut of SHORTCUTS) {
      const { mod, ctrl, alt } = shortcut.chord;
      if (!mod && !ctrl && !alt) expect(shortcut.whileTyping).toBe(false);
    }
  });
});

describe("formatChord", () => {
  it.each<[ShortcutAction, boolean, string]>([
    ["focus-url", false, "Alt+U"],
    ["focus-url", true, "Ctrl+U"],
    ["focus-filter", false, "Ctrl+F"],
    ["focus-filter", true, "⌘+F"],
    ["send", false, "Ctrl+Enter"],
    ["clear-log", false, "Ctrl+Shift+K"],
    ["clear-log", true, "⌘+Shift+K"],
    ["toggle-panel", false, "Ctrl+J"],
    ["next-tab", false, "Ctrl+Alt+→"],
    ["previous-tab", true, "Ctrl+Option+←"],
    ["show-shortcuts", false, "?"],
  ])("%s (mac: %s) reads %s", (action, isMac, expected) => {
    const shortcut = SHORTCUTS.find((row) => row.action === action);
    expect(shortcut && formatChord(chordFor(shortcut, isMac), isMac)).toBe(expected);
  });
});

describe("shortcutLabel and ariaKeyShortcuts", () => {
  it.each<[ShortcutAction, boolean, string, string]>([
    ["focus-url", false, "Alt+U", "Alt+U"],
    ["focus-url", true, "Ctrl+U", "Control+U"],
    ["focus-filter", true, "⌘+F", "Meta+F"],
    ["send", false, "Ctrl+Enter", "Control+Enter"],
    ["clear-log", false, "Ctrl+Shift+K", "Control+Shift+K"],
    ["next-tab", false, "Ctrl+Alt+→", "Control+Alt+ArrowRight"],
    ["show-shortcuts", false, "?", "?"],
  ])("%s (mac: %s): %s, aria %s", (action, isMac, label, aria) => {
    expect(shortcutLabel(action, isMac)).toBe(label);
    expect(ariaKeyShortcuts(action, isMac)).toBe(aria);
  });
});

describe("isTextEntry", () => {
  it.each([
    [{ tagName: "INPUT", type: "text" }, true],
    [{ tagName: "input", type: "search" }, true],
    [{ tagName: "INPUT", type: "number" }, true],
    [{ tagName: "INPUT" }, true],
    [{ tagName: "TEXTAREA" }, true],
    [{ tagName: "SELECT" }, true],
    [{ tagName: "DIV", isContentEditable: true }, true],
    [{ tagName: "INPUT", type: "checkbox" }, false],
    [{ tagName: "INPUT", type: "file" }, false],
    [{ tagName: "BUTTON" }, false],
    [{ tagName: "DIV" }, false],
  ])("%o → %s", (element, expected) => {
    expect(isTextEntry(element)).toBe(expected);
  });
});
