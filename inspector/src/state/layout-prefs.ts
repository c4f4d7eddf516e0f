import { createContext, createSignal, useContext } from "solid-js";
import {
  type LayoutPrefs,
  readLayoutPrefs,
  writeLayoutPrefs,
} from "../model/layout/layout-prefs.ts";

/** Where the sizes are kept: one entry for the whole app, shared by every session tab. */
export const LAYOUT_STORAGE_KEY = "socketscope.layout";

/** The workbench's pane sizes and the bottom panel's collapsed state, kept across reloads. */
export interface LayoutPrefsState {
  readonly prefs: () => LayoutPrefs;
  /** Changes some fields and stores the result. */
  update(patch: Partial<LayoutPrefs>): void;
}

/** The storage the prefs use: localStorage in the page, anything with the same two methods in tests. */
export type PrefsStorage = Pick<Storage, "getItem" | "setItem">;

/** Reads any one storage access that throws (storage disabled, quota) as "nothing stored". */
function safely<T>(read: () => T, fallback: T): T {
  try {
    return read();
  } catch {
    return fallback;
  }
}

/**
 * Layout prefs read from `storage` once and written back on every change. A write is one short
 * string, so even a drag (at most one change per animation frame) costs nothing worth batching.
 */
export function createLayoutPrefs(storage: PrefsStorage | undefined): LayoutPrefsState {
  const [prefs, setPrefs] = createSignal<LayoutPrefs>(
    readLayoutPrefs(safely(() => storage?.getItem(LAYOUT_STORAGE_KEY) ?? null, null)),
  );
  return {
    prefs,
    update(patch) {
      const next = { ...prefs(), ...patch };
      setPrefs(next);
      safely(() => storage?.setItem(LAYOUT_STORAGE_KEY, writeLayoutPrefs(next)), undefined);
    },
  };
}

/** The app's layout prefs, for the workbench of every session. */
export const LayoutPrefsContext = createContext<LayoutPrefsState>();

/** The layout prefs; throws when used outside `<LayoutPrefsContext.Provider>`. */
export function useLayoutPrefs(): LayoutPrefsState {
  const state = useContext(LayoutPrefsContext);
  if (!state) throw new Error("useLayoutPrefs must be used within a <LayoutPrefsContext.Provider>");
  return state;
}
