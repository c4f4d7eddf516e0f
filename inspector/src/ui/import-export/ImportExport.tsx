import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import { createSignal, For, Match, Switch } from "solid-js";
import { parseSubprotocols } from "../../model/connect/url.ts";
import { captureFromStore } from "../../model/formats/capture-convert.ts";
import type { Capture } from "../../model/formats/capture-file.ts";
import { exportHar } from "../../model/formats/har-writer.ts";
import { exportNdjson } from "../../model/formats/ndjson.ts";
import { redactCapture } from "../../model/formats/redact-capture.ts";
import type { Importer } from "../../state/importer.ts";
import type { Session } from "../../state/session.ts";
import { download } from "../shared/download.ts";

const STAGES = { reading: "Reading", parsing: "Parsing", loading: "Loading" } as const;

/** File name of an export: host, date and time. */
function fileName(session: Session, extension: string): string {
  const host = session.name().replace(/[^A-Za-z0-9._-]+/g, "_");
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return `socketscope-${host}-${stamp}.${extension}`;
}

/** What an export says it did: "Exported HAR (left out: Authorization, token)". */
function exportNotice(format: string, removed: readonly string[]): string {
  return removed.length === 0
    ? `Exported ${format}`
    : `Exported ${format} (left out: ${removed.join(", ")})`;
}

/**
 * "Import" (HAR or NDJSON, in a worker, with progress) and "Export" (a menu: HAR or NDJSON).
 * Exports leave credentials out unless "Include credentials" is ticked in the menu.
 */
export function ImportExport(props: { active: () => Session; importer: Importer }) {
  const [includeCredentials, setIncludeCredentials] = createSignal(false);
  const [notice, setNotice] = createSignal("");
  let clearNotice: ReturnType<typeof setTimeout> | undefined;

  function capture() {
    const session = props.active();
    const protocols = parseSubprotocols(session.settings.protocols());
    return captureFromStore(session.connection.store, {
      url: session.settings.url(),
      protocols: protocols.ok ? protocols.protocols : [],
      ...(session.connection.handshake() ? { handshake: session.connection.handshake() } : {}),
    });
  }

  function save(format: "HAR" | "NDJSON", write: (capture: Capture) => string) {
    const full = capture();
    const { value, removed } = includeCredentials()
      ? { value: full, removed: [] }
      : redactCapture(full);
    const har = format === "HAR";
    download(
      fileName(props.active(), har ? "har" : "ndjson"),
      write(value),
      har ? "application/json" : "application/x-ndjson",
    );
    setNotice(exportNotice(format, removed));
    clearTimeout(clearNotice);
    clearNotice = setTimeout(() => setNotice(""), 5000);
  }

  const state = () => props.importer.state();
  return (
    <div class="import-export">
      <label class="button small file-button">
        Import
        <input
          type="file"
          class="visually-hidden"
          accept=".har,.json,.ndjson,.jsonl,application/json"
          onChange={(event) => {
            const file = event.currentTarget.files?.[0];
            if (file) props.importer.import(file);
            event.currentTarget.value = "";
          }}
        />
      </label>
      <DropdownMenu>
        <DropdownMenu.Trigger class="button small">Export ▾</DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content class="menu">
            <DropdownMenu.Item class="menu-item" onSelect={() => save("HAR", exportHar)}>
              <DropdownMenu.ItemLabel>HAR</DropdownMenu.ItemLabel>
              <DropdownMenu.ItemDescription class="menu-item-description">
                HAR 1.2 with Chrome's _webSocketMessages, for DevTools and other tools
              </DropdownMenu.ItemDescription>
            </DropdownMenu.Item>
            <DropdownMenu.Item class="menu-item" onSelect={() => save("NDJSON", exportNdjson)}>
              <DropdownMenu.ItemLabel>NDJSON</DropdownMenu.ItemLabel>
              <DropdownMenu.ItemDescription class="menu-item-description">
                One frame per line, at full precision
              </DropdownMenu.ItemDescription>
            </DropdownMenu.Item>
            <DropdownMenu.Separator class="menu-separator" />
            <DropdownMenu.CheckboxItem
              class="menu-item"
              checked={includeCredentials()}
              onChange={setIncludeCredentials}
            >
              <span class="menu-check-row">
                <span aria-hidden="true">{includeCredentials() ? "☑" : "☐"}</span>
                <DropdownMenu.ItemLabel>Include credentials</DropdownMenu.ItemLabel>
              </span>
              <DropdownMenu.ItemDescription class="menu-item-description">
                Authorization, cookies, secret headers and URL tokens; off, they are redacted
              </DropdownMenu.ItemDescription>
            </DropdownMenu.CheckboxItem>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu>
      <span class="muted copy-notice" role="status" aria-label="Export result">
        {notice()}
      </span>
      <Switch>
        <Match when={state().state === "working" && state()}>
          {(working) => {
            const current = working() as Extract<
              ReturnType<Importer["state"]>,
              { state: "working" }
            >;
            return (
              <span class="import-progress">
                <progress aria-label="Import progress" max="1" value={current.fraction} />
                <span class="muted">
                  {STAGES[current.stage]} {current.file}… {Math.round(current.fraction * 100)}%
                </span>
              </span>
            );
          }}
        </Match>
        <Match when={state().state === "error" && state()}>
          {(failed) => (
            <span class="field-error" role="alert">
              Import failed: {(failed() as { message: string }).message}{" "}
              <button type="button" class="link-button" onClick={() => props.importer.dismiss()}>
                Dismiss
              </button>
            </span>
          )}
        </Match>
        <Match when={state().state === "choose" && state()}>
          {(choosing) => (
            <fieldset class="import-choice" aria-label="Choose a connection to import">
              <span class="muted">This file holds several WebSocket connections:</span>
              <For
                each={
                  (choosing() as Extract<ReturnType<Importer["state"]>, { state: "choose" }>)
                    .entries
                }
              >
                {(entry, index) => (
                  <button
                    type="button"
                    class="button small"
                    onClick={() => props.importer.choose(index())}
                  >
                    {entry.label}
                  </button>
                )}
              </For>
              <button type="button" class="link-button" onClick={() => props.importer.dismiss()}>
                Cancel
              </button>
            </fieldset>
          )}
        </Match>
      </Switch>
    </div>
  );
}
