import { createSignal, createUniqueId, For, Show } from "solid-js";
import { checkColumnPath } from "../../model/decoders/custom/column.ts";
import { SANDBOX_LIMITS } from "../../model/decoders/custom/sandbox-protocol.ts";
import { isTimeLimit } from "../../model/decoders/decoder-settings.ts";
import {
  messageTypeForUrl,
  readPlaygroundSchemas,
} from "../../model/decoders/protobuf/playground-schemas.ts";
import { PROTO_LIMITS } from "../../model/decoders/protobuf/schema.ts";
import type { FrameDirection } from "../../state/decoders.ts";
import { useSession } from "../../state/session-context.ts";

/** An example for the empty editor: a binary header byte as the message type. */
const EXAMPLE = `(payload, frame) => {
  // payload: a string (text frame) or a Uint8Array (binary frame)
  // frame: { direction: "sent" | "received", kind: "text" | "binary" }
  if (typeof payload === "string") return JSON.parse(payload);
  return { type: payload[0], length: payload.length };
}`;

/**
 * The Decoders tab: `.proto` files and the message type per direction, and the custom decoder
 * (a JavaScript function run in a sandboxed worker, never on this page's thread).
 */
export function DecodersPanel() {
  return (
    <div class="decoders-panel">
      <ProtobufSection />
      <CustomDecoderSection />
    </div>
  );
}

function ProtobufSection() {
  const { decoders, settings } = useSession();
  const headingId = createUniqueId();
  const errorId = createUniqueId();
  const [readError, setReadError] = createSignal("");

  async function load(list: FileList | null) {
    if (!list || list.length === 0) return;
    setReadError("");
    const files = [...list];
    // Checked before reading: a huge file picked by mistake is not read into memory.
    const total = files.reduce((sum, file) => sum + file.size, 0);
    if (total > PROTO_LIMITS.maxChars) {
      setReadError(
        `These files are ${total} bytes; .proto files may have ${PROTO_LIMITS.maxChars} in all`,
      );
      return;
    }
    try {
      const read = await Promise.all(
        files.map(async (file) => ({ name: file.name, source: await file.text() })),
      );
      decoders.addProtoFiles(read);
    } catch (error) {
      setReadError(`The files could not be read: ${String(error)}`);
    }
  }

  /** The playground's own schemas, from this server; the received type too when the URL is theirs. */
  async function loadPlaygroundSchemas() {
    setReadError("");
    try {
      const response = await fetch("/api/schemas");
      if (!response.ok) throw new Error(`the server answered ${response.status}`);
      const read = readPlaygroundSchemas(await response.json());
      if (!read.ok) throw new Error(read.error);
      decoders.addProtoFiles(read.schemas.map(({ name, source }) => ({ name, source })));
      const type = messageTypeForUrl(read.schemas, settings.url());
      if (type && decoders.messageType("received") === "")
        decoders.setMessageType("received", type);
    } catch (error) {
      setReadError(
        `The playground's schemas could not be loaded: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  const problem = () => readError() || decoders.schemaError();
  return (
    <section class="decoders-section" aria-labelledby={headingId}>
      <h3 id={headingId} class="compose-title">
        Protobuf
      </h3>
      <div class="decoders-row">
        <label class="button small file-button">
          Load .proto…
          <input
            type="file"
            class="visually-hidden"
            accept=".proto,text/plain"
            multiple
            aria-label="Load .proto"
            aria-describedby={problem() ? errorId : undefined}
            onChange={(event) => {
              const input = event.currentTarget;
              void load(input.files).finally(() => {
                // The same file can be loaded again after an edit.
                input.value = "";
              });
            }}
          />
        </label>
        <button type="button" class="button small" onClick={() => void loadPlaygroundSchemas()}>
          Load the playground's schemas
        </button>
        <TypeSelect direction="received" />
        <TypeSelect direction="sent" />
      </div>
      <Show when={problem()}>
        <p id={errorId} class="field-error" role="alert">
          {problem()}
        </p>
      </Show>
      <Show
        when={decoders.protoFiles().length > 0}
        fallback={
          <p class="muted">
            No schema: binary frames read as raw protobuf (field numbers and wire types). Load the
            .proto files, every file an import names, to decode them by name.
          </p>
        }
      >
        <ul class="proto-files" aria-label="Loaded .proto files">
          <For each={decoders.protoFiles()}>
            {(file) => (
              <li>
                <span class="mono">{file.name}</span>
                <button
                  type="button"
                  class="button small"
                  aria-label={`Remove ${file.name}`}
                  onClick={() => decoders.removeProtoFile(file.name)}
                >
                  Remove
                </button>
              </li>
            )}
          </For>
        </ul>
        <Show when={decoders.schema()}>
          {(schema) => (
            <p class="muted">
              {schema().types.length} message {schema().types.length === 1 ? "type" : "types"}.
              Choose one per direction, or per frame in the Decoded tab (Detect ranks them).
            </p>
          )}
        </Show>
      </Show>
    </section>
  );
}

/** "Message type (received)" or "(sent)": the type frames of that direction decode as. */
function TypeSelect(props: { direction: FrameDirection }) {
  const { decoders } = useSession();
  const types = () => decoders.schema()?.types ?? [];
  const current = () => decoders.messageType(props.direction);
  return (
    <label class="field inline">
      <span class="field-label">Message type ({props.direction})</span>
      <select
        class="input"
        value={current()}
        disabled={types().length === 0}
        onChange={(event) => decoders.setMessageType(props.direction, event.currentTarget.value)}
      >
        <option value="">(none)</option>
        <For each={types()}>{(type) => <option value={type}>{type}</option>}</For>
        {/* A saved type the files no longer declare stays visible rather than vanish. */}
        <Show when={current() !== "" && !types().includes(current())}>
          <option value={current()}>{current()} (not in the schema)</option>
        </Show>
      </select>
    </label>
  );
}

function CustomDecoderSection() {
  const { decoders } = useSession();
  const { custom } = decoders;
  const headingId = createUniqueId();
  const sourceId = createUniqueId();
  const statusId = createUniqueId();
  const columnErrorId = createUniqueId();
  const [limitText, setLimitText] = createSignal(String(custom.timeLimitMs()));
  const columnError = () => checkColumnPath(custom.column());
  const limitError = () => {
    const value = Number(limitText());
    return isTimeLimit(value)
      ? undefined
      : `A whole number of ms from ${SANDBOX_LIMITS.minTimeLimitMs} to ${SANDBOX_LIMITS.maxTimeLimitMs}`;
  };
  const status = () => {
    const state = custom.status();
    if (custom.needsReview())
      return "This decoder came with an imported file. Read it, then Run decoder to use it.";
    switch (state.state) {
      case "off":
        return "Not running. Frames are decoded in a sandboxed worker, each within the time limit.";
      case "loading":
        return "Starting…";
      case "ready":
        return custom.edited() ? "Running (edited: Run decoder again to use the edits)" : "Running";
      case "error":
        return `Does not load: ${state.message}`;
    }
  };
  return (
    <section class="decoders-section" aria-labelledby={headingId}>
      <h3 id={headingId} class="compose-title">
        <label for={sourceId}>Custom decoder</label>
      </h3>
      <textarea
        id={sourceId}
        class="input mono decoder-source"
        rows={4}
        spellcheck={false}
        placeholder={EXAMPLE}
        value={custom.source()}
        aria-describedby={statusId}
        onInput={(event) => custom.setSource(event.currentTarget.value)}
      />
      <div class="decoders-row">
        <label class="field inline">
          <span class="field-label">Column</span>
          <input
            class="input mono"
            size={14}
            placeholder="type or $.header.kind"
            value={custom.column()}
            aria-invalid={columnError() !== undefined}
            aria-describedby={columnError() ? columnErrorId : undefined}
            onInput={(event) => custom.setColumn(event.currentTarget.value)}
            spellcheck={false}
          />
        </label>
        <label class="field inline">
          <span class="field-label">Time limit per frame (ms)</span>
          <input
            class="input mono"
            inputmode="numeric"
            size={6}
            value={limitText()}
            aria-invalid={limitError() !== undefined}
            onInput={(event) => {
              setLimitText(event.currentTarget.value);
              const value = Number(event.currentTarget.value);
              if (isTimeLimit(value)) custom.setTimeLimitMs(value);
            }}
          />
        </label>
        <button
          type="button"
          class="button small primary"
          disabled={custom.source().trim() === "" || limitError() !== undefined}
          onClick={() => custom.run()}
        >
          Run decoder
        </button>
        <button
          type="button"
          class="button small"
          disabled={!custom.enabled()}
          onClick={() => custom.stop()}
        >
          Stop decoder
        </button>
      </div>
      <Show when={columnError() ?? limitError()}>
        {(message) => (
          <p id={columnErrorId} class="field-error" role="alert">
            {message()}
          </p>
        )}
      </Show>
      <p
        id={statusId}
        class={custom.status().state === "error" ? "field-error" : "muted"}
        role="status"
      >
        {status()}
      </p>
    </section>
  );
}
