import { createSignal, For, Show } from "solid-js";
import { checkDraft } from "../../model/compose/message-draft.ts";
import { groupByFolder, type SavedMessage } from "../../model/compose/saved-messages.ts";
import type { SavedMessages } from "../../state/saved-messages.ts";
import { useSession } from "../../state/session-context.ts";
import { download } from "../shared/download.ts";

/** Saved messages by folder: save the current draft, load or send one in a click, export and import. */
export function SavedMessagesPanel(props: { saved: SavedMessages; onLoad: () => void }) {
  const { connection, composer } = useSession();
  const [name, setName] = createSignal("");
  const [folder, setFolder] = createSignal("");
  const [notice, setNotice] = createSignal("");

  async function save(event: SubmitEvent) {
    event.preventDefault();
    if (name().trim() === "") return setNotice("Give the message a name");
    await props.saved.save({
      ...composer.draft(),
      name: name().trim(),
      folder: folder().trim(),
    });
    setNotice(`Saved "${name().trim()}"`);
    setName("");
  }

  function load(message: SavedMessage) {
    composer.setType(message.type);
    composer.setEncoding(message.encoding);
    composer.setBody(message.body);
    props.onLoad();
  }

  function sendNow(message: SavedMessage) {
    const check = checkDraft(message, composer.context(1));
    if (!check.ok) return setNotice(`${message.name}: ${check.error}`);
    if (connection.status().state !== "open") return setNotice("Connect first");
    connection.send(check.payload);
    setNotice(`Sent "${message.name}"`);
  }

  async function importFile(file: File | undefined) {
    if (!file) return;
    try {
      const count = await props.saved.importJson(await file.text());
      setNotice(`Imported ${count} saved ${count === 1 ? "message" : "messages"}`);
    } catch (error) {
      setNotice(`Import failed: ${(error as Error).message}`);
    }
  }

  return (
    <section class="saved-messages" aria-label="Saved messages">
      <form class="saved-form" onSubmit={save}>
        <label class="field">
          <span class="field-label">Name</span>
          <input class="input" value={name()} onInput={(e) => setName(e.currentTarget.value)} />
        </label>
        <label class="field">
          <span class="field-label">Folder</span>
          <input class="input" value={folder()} onInput={(e) => setFolder(e.currentTarget.value)} />
        </label>
        <button type="submit" class="button small">
          Save current message
        </button>
        <button
          type="button"
          class="button small"
          disabled={props.saved.list().length === 0}
          onClick={() =>
            download(
              "socketscope-saved-messages.json",
              props.saved.exportJson(),
              "application/json",
            )
          }
        >
          Export saved
        </button>
        <label class="button small file-button">
          Import saved…
          <input
            type="file"
            accept="application/json,.json"
            class="visually-hidden"
            onChange={(e) => importFile(e.currentTarget.files?.[0])}
          />
        </label>
      </form>
      <p class="muted" role="status">
        {props.saved.error() || notice()}
      </p>
      <Show
        when={props.saved.list().length > 0}
        fallback={<p class="muted">No saved messages yet.</p>}
      >
        <For each={groupByFolder(props.saved.list())}>
          {(group) => (
            <div class="saved-folder">
              <h3 class="saved-folder-name">{group.folder || "(no folder)"}</h3>
              <ul class="saved-list">
                <For each={group.messages}>
                  {(message) => (
                    <li class="saved-item">
                      <span class="saved-name">{message.name}</span>
                      <span class="muted">{message.type}</span>
                      <button
                        type="button"
                        class="button small"
                        aria-label={`Load ${message.name}`}
                        onClick={() => load(message)}
                      >
                        Load
                      </button>
                      <button
                        type="button"
                        class="button small"
                        aria-label={`Send ${message.name}`}
                        onClick={() => sendNow(message)}
                      >
                        Send
                      </button>
                      <button
                        type="button"
                        class="button small"
                        aria-label={`Delete ${message.name}`}
                        onClick={() => props.saved.remove(message.id)}
                      >
                        Delete
                      </button>
                    </li>
                  )}
                </For>
              </ul>
            </div>
          )}
        </For>
      </Show>
    </section>
  );
}
