import { DropdownMenu } from "@kobalte/core/dropdown-menu";
import { createSignal, For, Match, Show, Switch } from "solid-js";
import { EXPORT_FORMATS, type ExportFormat } from "../../model/formats/capture-export.ts";
import { createExporter, type ExportState } from "../../state/exporter.ts";
import type { Importer } from "../../state/importer.ts";
import type { Session } from "../../state/session.ts";
import { Toast } from "../layout/toasts.tsx";
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

  const exporter = createExporter();

  /** Writes the active tab's frames in a worker, then offers the file and says what was left out. */
  async function save(format: ExportFormat) {
    const session = props.active();
    const { label, extension, mimeType } = EXPORT_FORMATS[format];
    // Named now: the tab may be renamed or closed while the file is written.
    const name = fileName(session, extension);
    const written = await exporter.start(session, format, {
      includeCredentials: includeCredentials(),
      secrets: session.environment.secrets(),
    });
    if (!written) return;
    download(name, written.file, mimeType);
    setNotice(exportNotice(label, written.removed));
    clearTimeout(clearNotice);
    clearNotice = setTimeout(() => setNotice(""), 5000);
  }

  const exporting = () => {
    const current = exporter.state();
    return current.state === "working" ? current : undefined;
  };
  const exportError = () => {
    const current = exporter.state();
    return current.state === "error" ? current : undefined;
  };

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
      <DropdownMenu modal={false}>
        <DropdownMenu.Trigger class="button small">Export ▾</DropdownMenu.Trigger>
        <DropdownMenu.Portal>
          <DropdownMenu.Content class="menu">
            <DropdownMenu.Item class="menu-item" onSelect={() => save("har")}>
              <DropdownMenu.ItemLabel>HAR</DropdownMenu.ItemLabel>
              <DropdownMenu.ItemDescription class="menu-item-description">
                HAR 1.2 with Chrome's _webSocketMessages, for DevTools and other tools
              </DropdownMenu.ItemDescription>
            </DropdownMenu.Item>
            <DropdownMenu.Item class="menu-item" onSelect={() => save("ndjson")}>
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
                Authorization, cookies, secret headers and URL tokens; off, they are redacted.
                Secret environment values are always left out
              </DropdownMenu.ItemDescription>
            </DropdownMenu.CheckboxItem>
          </DropdownMenu.Content>
        </DropdownMenu.Portal>
      </DropdownMenu>
      {/* Progress, results and problems show as toasts: they never move the header's controls. */}
      <Toast>
        <span class="toast" role="status" aria-label="Export result">
          {notice()}
        </span>
        <Show when={exporting()}>{(working) => <ExportProgress state={working()} />}</Show>
        <Show when={exportError()}>
          {(failed) => (
            <span class="toast toast-alert field-error" role="alert">
              Export failed: {failed().message}{" "}
              <button type="button" class="link-button" onClick={() => exporter.dismiss()}>
                Dismiss
              </button>
            </span>
          )}
        </Show>
        <Switch>
          <Match when={state().state === "working" && state()}>
            {(working) => {
              const current = working() as Extract<
                ReturnType<Importer["state"]>,
                { state: "working" }
              >;
              return (
                <span class="toast import-progress">
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
              <span class="toast toast-alert field-error" role="alert">
                Import failed: {(failed() as { message: string }).message}{" "}
                <button type="button" class="link-button" onClick={() => props.importer.dismiss()}>
                  Dismiss
                </button>
              </span>
            )}
          </Match>
          <Match when={state().state === "choose" && state()}>
            {(choosing) => (
              <fieldset class="toast import-choice" aria-label="Choose a connection to import">
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
      </Toast>
    </div>
  );
}

/** How far an export is: a progress bar with its name, and the percentage in words. */
function ExportProgress(props: { state: Extract<ExportState, { state: "working" }> }) {
  return (
    <span class="toast import-progress">
      <progress aria-label="Export progress" max="1" value={props.state.fraction} />
      <span class="muted">
        Exporting {EXPORT_FORMATS[props.state.format].label}…{" "}
        {Math.round(props.state.fraction * 100)}%
      </span>
    </span>
  );
}
