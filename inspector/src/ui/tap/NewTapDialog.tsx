import { Dialog } from "@kobalte/core/dialog";
import { createSignal, createUniqueId, For, Show } from "solid-js";
import type { TapInfo } from "../../../../echo-server/protocol/tap-wire.ts";
import { checkNewTap, type NewTapField } from "../../model/tap/tap-form.ts";
import { createTapOnServer, listTapsOnServer } from "../../state/tap-api.ts";
import { createFormProblems } from "../shared/form-problems.ts";
import "./tap.css";

/**
 * The "New tap" button and its dialog: a name and a target (none for a mock tap), made on the
 * server, then opened in a tab. The dialog also lists the taps the server has already (made with
 * `--tap` or in another tab), to open one of those.
 */
export function NewTapDialog(props: { onOpen: (tap: TapInfo) => void }) {
  const [open, setOpen] = createSignal(false);
  const [name, setName] = createSignal("");
  const [target, setTarget] = createSignal("");
  const [busy, setBusy] = createSignal(false);
  const [existing, setExisting] = createSignal<TapInfo[]>([]);
  const problems = createFormProblems<NewTapField>();
  const errorId = createUniqueId();
  const hintId = createUniqueId();

  async function onOpenChange(next: boolean) {
    setOpen(next);
    if (!next) return;
    problems.clear();
    setExisting(await listTapsOnServer());
  }

  async function create(event: Event) {
    event.preventDefault();
    const checked = checkNewTap(name(), target());
    if (!checked.ok) return problems.set(checked.problems);
    problems.clear();
    setBusy(true);
    const created = await createTapOnServer(checked.name, checked.target);
    setBusy(false);
    if (!created.ok)
      return problems.set([
        created.field
          ? { field: created.field, message: created.message }
          : { message: created.message },
      ]);
    setName("");
    setTarget("");
    setOpen(false);
    props.onOpen(created.tap);
  }

  function openExisting(tap: TapInfo) {
    setOpen(false);
    props.onOpen(tap);
  }

  return (
    <Dialog open={open()} onOpenChange={onOpenChange} modal>
      <Dialog.Trigger class="button small">New tap</Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay class="dialog-overlay" />
        <div class="dialog-positioner">
          <Dialog.Content class="dialog">
            <Dialog.Title class="dialog-title">New tap</Dialog.Title>
            <Dialog.Description class="muted">
              Your app connects to the tap, the tap connects to its target, and this tab shows and
              steers what passes. With no target, the tap answers from its rules alone.
            </Dialog.Description>
            <form class="new-tap-form" onSubmit={create} aria-describedby={errorId}>
              <label class="field">
                <span class="field-label">Tap name</span>
                <input
                  class="input"
                  value={name()}
                  placeholder="my-app"
                  autocomplete="off"
                  spellcheck={false}
                  aria-invalid={problems.invalid("name")}
                  onInput={(e) => setName(e.currentTarget.value)}
                />
              </label>
              <label class="field">
                <span class="field-label">Tap target</span>
                <input
                  class="input mono"
                  value={target()}
                  placeholder="ws://localhost:3000/ws"
                  autocomplete="off"
                  spellcheck={false}
                  aria-describedby={hintId}
                  aria-invalid={problems.invalid("target")}
                  onInput={(e) => setTarget(e.currentTarget.value)}
                />
              </label>
              <span id={hintId} class="muted">
                Leave it empty for a mock tap that answers from its rules alone.
              </span>
              <p id={errorId} class="field-error" role="alert">
                {problems.message()}
              </p>
              <div class="dialog-actions">
                <button type="button" class="button small" onClick={() => setOpen(false)}>
                  Cancel
                </button>
                <button type="submit" class="button small primary" disabled={busy()}>
                  Create tap
                </button>
              </div>
            </form>
            <Show when={existing().length > 0}>
              <section class="existing-taps" aria-label="Taps on this server">
                <h3 class="dialog-subtitle">Taps on this server</h3>
                <ul>
                  <For each={existing()}>
                    {(tap) => (
                      <li>
                        <span class="mono">{tap.name}</span>
                        <span class="muted"> → {tap.target || "mock"}</span>{" "}
                        <button
                          type="button"
                          class="button small open-tap"
                          aria-label={`Open tap ${tap.name}`}
                          onClick={() => openExisting(tap)}
                        >
                          Open
                        </button>
                      </li>
                    )}
                  </For>
                </ul>
              </section>
            </Show>
          </Dialog.Content>
        </div>
      </Dialog.Portal>
    </Dialog>
  );
}
