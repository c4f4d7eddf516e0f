import { createSignal } from "solid-js";
import {
  exportSavedMessages,
  importSavedMessages,
  type SavedMessage,
} from "../model/compose/saved-messages.ts";
import { recordStore } from "./idb.ts";

/** Saved messages, kept in IndexedDB so they survive a reload. */
export interface SavedMessages {
  readonly list: () => SavedMessage[];
  /** Why loading or saving failed, or "". */
  readonly error: () => string;
  save(message: Omit<SavedMessage, "id">): Promise<void>;
  remove(id: string): Promise<void>;
  exportJson(): string;
  /** Adds the messages of an export file; resolves to how many, or rejects with the reason. */
  importJson(text: string): Promise<number>;
}

/** Loads the saved messages and keeps the list in step with IndexedDB. */
export function createSavedMessages(): SavedMessages {
  const store = recordStore<SavedMessage>("saved-messages");
  const [list, setList] = createSignal<SavedMessage[]>([]);
  const [error, setError] = createSignal("");
  const fail = (cause: unknown) =>
    setError(`Saved messages: ${cause instanceof Error ? cause.message : String(cause)}`);

  store.getAll().then(setList, fail);

  async function save(message: Omit<SavedMessage, "id">) {
    const record = { ...message, id: crypto.randomUUID() };
    await store.put(record).then(() => setList((current) => [...current, record]), fail);
  }

  return {
    list,
    error,
    save,
    async remove(id) {
      await store
        .delete(id)
        .then(() => setList((current) => current.filter((message) => message.id !== id)), fail);
    },
    exportJson: () => exportSavedMessages(list()),
    async importJson(text) {
      const parsed = importSavedMessages(text);
      if (!parsed.ok) throw new Error(parsed.error);
      for (const message of parsed.messages) await save(message);
      return parsed.messages.length;
    },
  };
}
