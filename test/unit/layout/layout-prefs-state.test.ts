import { describe, expect, it } from "vitest";
import { DEFAULT_LAYOUT } from "../../../inspector/src/model/layout/layout-prefs.ts";
import {
  createLayoutPrefs,
  LAYOUT_STORAGE_KEY,
  type PrefsStorage,
} from "../../../inspector/src/state/layout-prefs.ts";

/** A storage in a Map, optionally throwing as a disabled localStorage does. */
function memoryStorage(options: { throws?: boolean } = {}) {
  const items = new Map<string, string>();
  const storage: PrefsStorage = {
    getItem: (key) => {
      if (options.throws) throw new Error("SecurityError");
      return items.get(key) ?? null;
    },
    setItem: (key, value) => {
      if (options.throws) throw new Error("QuotaExceededError");
      items.set(key, value);
    },
  };
  return { storage, items };
}

describe("createLayoutPrefs", () => {
  it("starts from the defaults and stores every change for the next load", () => {
    const { storage, items } = memoryStorage();
    const first = createLayoutPrefs(storage);
    expect(first.prefs()).toEqual(DEFAULT_LAYOUT);
    first.update({ bottomHeight: 0.42 });
    first.update({ bottomCollapsed: true });
    expect(first.prefs()).toEqual({ ...DEFAULT_LAYOUT, bottomHeight: 0.42, bottomCollapsed: true });
    expect(items.has(LAYOUT_STORAGE_KEY)).toBe(true);
    expect(createLayoutPrefs(storage).prefs()).toEqual(first.prefs());
  });

  it("works without storage, and when storage throws", () => {
    for (const storage of [undefined, memoryStorage({ throws: true }).storage]) {
      const prefs = createLayoutPrefs(storage);
      expect(prefs.prefs()).toEqual(DEFAULT_LAYOUT);
      prefs.update({ detailWidth: 0.5 });
      expect(prefs.prefs().detailWidth).toBe(0.5);
    }
  });
});
