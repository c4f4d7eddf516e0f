import { createSignal } from "solid-js";
import { captureFromStore, newestWithin } from "../model/capture-convert.ts";
import type { Capture } from "../model/capture-file.ts";
import { recordStore } from "./idb.ts";
import type { SessionSettingsValue } from "./session-settings.ts";
import type { Sessions } from "./sessions.ts";

/** What survives a reload: the tabs with their settings and captures, and recent URLs. */
interface SavedWorkspace {
  id: "workspace";
  sessions: { settings: SessionSettingsValue; capture?: Capture }[];
  recent: string[];
}

/** Recent URLs remembered. */
const RECENT_LIMIT = 20;
/** How often a changed workspace is saved. */
const SAVE_INTERVAL_MS = 5000;
const BUDGET_KEY = "socketscope.persistBudgetMiB";

/** The persisted workspace: restore on start, save as it changes, and the recent URLs. */
export interface Workspace {
  readonly recent: () => string[];
  remember(url: string): void;
  /** Payload MiB of captures kept across reloads (all tabs together). */
  readonly budgetMiB: () => number;
  setBudgetMiB(value: number): void;
}

/**
 * Restores the saved tabs into `sessions`, then saves them (settings, and the newest frames up
 * to the budget) every few seconds when something changed, and when the page is hidden.
 */
export function createWorkspace(
  sessions: Sessions,
  afterRestore: () => void = () => {},
): Workspace {
  const store = recordStore<SavedWorkspace>("workspace");
  const [recent, setRecent] = createSignal<string[]>([]);
  const [budgetMiB, setBudget] = createSignal(Number(localStorage.getItem(BUDGET_KEY) ?? 16) || 16);
  let restored = false;
  let lastSaved = "";

  store
    .getAll()
    .then(([saved]) => {
      if (saved) {
        setRecent(saved.recent);
        sessions.replaceAll(saved.sessions);
      }
    })
    .catch(() => {})
    .finally(() => {
      restored = true;
      afterRestore();
    });

  function snapshot(): SavedWorkspace {
    let budget = budgetMiB() * 1024 * 1024;
    const saved = sessions.list().map((session) => {
      const { store: frames } = session.connection;
      const from = newestWithin(frames, budget);
      for (let index = from; index < frames.length; index++) budget -= frames.size(index);
      const settings = session.settings.value();
      const protocols = settings.protocols
        .split(",")
        .map((p) => p.trim())
        .filter(Boolean);
      return {
        settings,
        capture: captureFromStore(frames, { url: settings.url, protocols }, from),
      };
    });
    return { id: "workspace", sessions: saved, recent: recent() };
  }

  function save() {
    if (!restored) return;
    // A cheap fingerprint: revisions and settings; captures are only cloned when it changed.
    const fingerprint = JSON.stringify([
      sessions.list().map((session) => [session.connection.revision(), session.settings.value()]),
      recent(),
      budgetMiB(),
    ]);
    if (fingerprint === lastSaved) return;
    lastSaved = fingerprint;
    store.put(snapshot()).catch(() => {
      lastSaved = "";
    });
  }

  setInterval(save, SAVE_INTERVAL_MS);
  addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", () => {
    if (document.hidden) save();
  });

  return {
    recent,
    remember(url) {
      setRecent([url, ...recent().filter((entry) => entry !== url)].slice(0, RECENT_LIMIT));
    },
    budgetMiB,
    setBudgetMiB(value) {
      setBudget(value);
      localStorage.setItem(BUDGET_KEY, String(value));
    },
  };
}
