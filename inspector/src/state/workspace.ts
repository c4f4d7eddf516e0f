import { createSignal, onCleanup } from "solid-js";
import { persistedRelayForm } from "../model/connect/relay-settings.ts";
import type { DecoderSettingsValue } from "../model/decoders/decoder-settings.ts";
import { newestWithin } from "../model/formats/capture-convert.ts";
import type { Capture } from "../model/formats/capture-file.ts";
import { redactEvent } from "../model/formats/redact-capture.ts";
import {
  type PackedFrames,
  packedTransferables,
  packStoreChunks,
} from "../model/frames/packed-frames.ts";
import { recordStore } from "./idb.ts";
import { nextTask } from "./next-task.ts";
import type { PersistCommand, PersistReport } from "./persist.worker.ts";
import type { SessionSettingsValue } from "./session-settings.ts";
import type { Sessions } from "./sessions.ts";

/** What survives a reload: the tabs with their settings and captures, and recent URLs. */
interface SavedWorkspace {
  id: "workspace";
  /**
   * Each tab's settings and newest frames, packed in chunks (cheap to clone into IndexedDB).
   * Builds before the chunks saved a `capture` instead; it is still read.
   */
  sessions: {
    settings: SessionSettingsValue;
    frames?: PackedFrames[];
    capture?: Capture;
    /** Schemas, message types and the custom decoder (records before decoders have none). */
    decoders?: DecoderSettingsValue;
  }[];
  recent: string[];
}

/** Recent URLs remembered. */
const RECENT_LIMIT = 20;
/** How often a changed workspace is saved. */
const SAVE_INTERVAL_MS = 5000;
/**
 * Frames per second (any tab, in and out) above which periodic saves wait: a flood replaces the
 * saved frames every few seconds, and packing and writing them each time slowed the page's
 * intake by a tenth. The workspace is saved once the rate drops, and when the page is hidden.
 */
const FLOOD_FRAMES_PER_S = 1000;
const BUDGET_KEY = "socketscope.persistBudgetMiB";

/**
 * A packed chunk whose events' handshakes have secret header values blanked: the relay reports
 * the Authorization and Cookie headers it sent, and they are not kept unless the user asks
 * (Remember secrets). URLs stay as typed: the URL field keeps them as well.
 */
function withoutSecrets(packed: PackedFrames): PackedFrames {
  if (packed.events.length === 0) return packed;
  return {
    ...packed,
    events: packed.events.map(([index, event]) => [
      index,
      redactEvent(event, { urls: false }).value,
    ]),
  };
}

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
 * to the budget) every few seconds when something changed, and when the page is hidden. The
 * periodic saves are written by a worker, so a big capture never stalls the page; when the page
 * is being hidden or unloaded the page writes itself, as a worker might not finish. Disposing
 * the owner stops the saves, removes the page listeners and ends the worker.
 */
export function createWorkspace(
  sessions: Sessions,
  afterRestore: () => void = () => {},
): Workspace {
  const records = recordStore<SavedWorkspace>("workspace");
  const [recent, setRecent] = createSignal<string[]>([]);
  const [budgetMiB, setBudget] = createSignal(Number(localStorage.getItem(BUDGET_KEY) ?? 16) || 16);
  let restored = false;
  /** The owner was disposed: nothing is restored or saved any more. */
  let disposed = false;
  let lastSaved = "";
  const writer = new Worker(new URL("./persist.worker.ts", import.meta.url), { type: "module" });
  /** A background save is packing frames. */
  let saving = false;
  /** Records posted to the writer that it has not confirmed yet. */
  let writesInFlight = 0;
  writer.onmessage = ({ data }: MessageEvent<PersistReport>) => {
    writesInFlight--;
    if (!data.ok) lastSaved = "";
  };

  records
    .getAll()
    .then(([saved]) => {
      if (saved && !disposed) {
        setRecent(saved.recent);
        sessions.replaceAll(saved.sessions);
      }
    })
    .catch(() => {})
    .finally(() => {
      if (disposed) return;
      restored = true;
      afterRestore();
    });

  /**
   * Each tab's settings as saved (secrets blanked unless remembered), its store, where its frames
   * to keep start (newest within the budget), and how to pack them.
   */
  function plan() {
    let budget = budgetMiB() * 1024 * 1024;
    return sessions.list().map((session) => {
      const { store } = session.connection;
      const from = newestWithin(store, budget);
      for (let index = from; index < store.length; index++) budget -= store.size(index);
      const settings = session.settings.value();
      const remember = settings.relay.rememberSecrets;
      return {
        settings: { ...settings, relay: persistedRelayForm(settings.relay) },
        decoders: session.decoders.value(),
        store,
        from,
        chunk: (packed: PackedFrames) => (remember ? packed : withoutSecrets(packed)),
      };
    });
  }

  const workspaceRecord = (saved: SavedWorkspace["sessions"]): SavedWorkspace => ({
    id: "workspace",
    sessions: saved,
    recent: recent(),
  });

  /** Whether anything changed since the last save (a cheap fingerprint: revisions, settings). */
  function changedSinceSave() {
    if (!restored) return false;
    const fingerprint = JSON.stringify([
      sessions
        .list()
        .map((session) => [
          session.connection.revision(),
          session.settings.value(),
          session.decoders.value(),
        ]),
      recent(),
      budgetMiB(),
    ]);
    if (fingerprint === lastSaved) return false;
    lastSaved = fingerprint;
    return true;
  }

  /**
   * Saves at once on the page's thread: for a page being hidden or unloaded. A background save
   * still being packed or written might not finish, so this one goes ahead even if nothing
   * changed since it started.
   */
  function saveNow() {
    const unfinished = saving || writesInFlight > 0;
    if (!changedSinceSave() && !unfinished) return;
    const saved = plan().map(({ settings, decoders, store, from, chunk }) => ({
      settings,
      decoders,
      frames: [...packStoreChunks(store, from)].map(chunk),
    }));
    records.put(workspaceRecord(saved)).catch(() => {
      lastSaved = "";
    });
  }

  /** Whether any tab takes frames faster than FLOOD_FRAMES_PER_S. */
  const flooding = () =>
    sessions.list().some((session) => {
      const rates = session.connection.latestRates();
      return rates.in + rates.out > FLOOD_FRAMES_PER_S;
    });

  /**
   * Saves in the background: one chunk of frames packed per task, the record written by a worker.
   * A flood that starts while the chunks are packed stops the save (it starts over once the rate
   * drops): packing a full budget of frames takes the page's thread for a third of a second,
   * which a tap's flood through a watched tab paid for.
   */
  async function saveInBackground() {
    if (saving || flooding() || !changedSinceSave()) return;
    saving = true;
    try {
      const saved: SavedWorkspace["sessions"] = [];
      for (const { settings, decoders, store, from, chunk: persisted } of plan()) {
        const frames: PackedFrames[] = [];
        for (const chunk of packStoreChunks(store, from)) {
          frames.push(persisted(chunk));
          await nextTask();
          if (flooding()) {
            lastSaved = "";
            return;
          }
        }
        saved.push({ settings, decoders, frames });
      }
      if (disposed) return;
      const command: PersistCommand = { storeName: "workspace", record: workspaceRecord(saved) };
      writer.postMessage(command, packedTransferables(saved.flatMap(({ frames }) => frames ?? [])));
      writesInFlight++;
    } finally {
      saving = false;
    }
  }

  const saver = setInterval(saveInBackground, SAVE_INTERVAL_MS);
  const onVisibility = () => {
    if (document.hidden) saveNow();
  };
  addEventListener("pagehide", saveNow);
  document.addEventListener("visibilitychange", onVisibility);
  onCleanup(() => {
    disposed = true;
    clearInterval(saver);
    removeEventListener("pagehide", saveNow);
    document.removeEventListener("visibilitychange", onVisibility);
    writer.terminate();
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
