import { createUniqueId, Show } from "solid-js";
import {
  type BinaryEncoding,
  formatJson,
  type MessageType,
} from "../../model/compose/message-draft.ts";
import { encodeBase64 } from "../../model/frames/codecs.ts";
import { useSession } from "../../state/session-context.ts";
import { ariaKeysFor, keysFor } from "../keyboard/keyboard-shortcuts.ts";
import { InjectTarget } from "../tap/InjectTarget.tsx";

/** Placeholders a text or JSON message may use, in one line. */
const TEMPLATES_HINT =
  "Templates: {{seq}} {{now}} {{iso}} {{uuid}} {{random:1:10}} {{hex:4}}; \\{{ for literal braces";

/**
 * The Compose panel's "Message" section: writes a text, JSON, binary or protobuf (JSON encoded
 * with the loaded schema) message and sends it. Templates expand at send time; the
 * preview shows what the next send will be. Ctrl/Cmd+Enter sends; ↑/↓ at the start/end of
 * the text recall earlier messages.
 */
export function Composer(props: { messageRef?: (element: HTMLTextAreaElement) => void }) {
  const { connection, composer, tap, decoders } = useSession();
  const draft = () => composer.draft();
  // Unique per mount: every session tab has a composer.
  const messageId = createUniqueId();
  const checkId = createUniqueId();
  const check = () => composer.check();
  const connected = () => connection.status().state === "open";
  const blocker = () => {
    const result = check();
    if (!result.ok) return result.error;
    return connected() ? "" : "Connect first";
  };

  function send(event?: Event) {
    event?.preventDefault();
    composer.send();
  }

  function onKeyDown(event: KeyboardEvent & { currentTarget: HTMLTextAreaElement }) {
    const area = event.currentTarget;
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) send(event);
    else if (event.key === "ArrowUp" && area.selectionStart === 0 && area.selectionEnd === 0) {
      event.preventDefault();
      composer.recall(-1);
    } else if (event.key === "ArrowDown" && area.selectionStart === area.value.length) {
      event.preventDefault();
      composer.recall(1);
    }
  }

  async function loadFile(file: File | undefined) {
    if (!file) return;
    const bytes = new Uint8Array(await file.arrayBuffer());
    composer.setType("binary");
    composer.setEncoding("base64");
    composer.setBody(encodeBase64(bytes));
  }

  return (
    <>
      {/* The section's heading labels the message box too. */}
      <h3 class="compose-title">
        <label for={messageId}>Message</label>
      </h3>
      <form class="composer" onSubmit={send} aria-label="Composer">
        <div class="compose-head">
          {tap && <InjectTarget tap={tap} />}
          <label class="field inline">
            <span class="field-label">Message type</span>
            <select
              class="input"
              value={draft().type}
              onChange={(e) => composer.setType(e.currentTarget.value as MessageType)}
            >
              <option value="text">Text</option>
              <option value="json">JSON</option>
              <option value="binary">Binary</option>
              <option value="protobuf">Protobuf</option>
            </select>
          </label>
          <Show when={draft().type === "binary"}>
            <label class="field inline">
              <span class="field-label">Binary encoding</span>
              <select
                class="input"
                value={draft().encoding}
                onChange={(e) => composer.setEncoding(e.currentTarget.value as BinaryEncoding)}
              >
                <option value="hex">Hex</option>
                <option value="base64">Base64</option>
              </select>
            </label>
            <label class="button small file-button">
              Load file…
              <input
                type="file"
                class="visually-hidden"
                onChange={(e) => loadFile(e.currentTarget.files?.[0])}
              />
            </label>
          </Show>
          <Show when={draft().type === "json" || draft().type === "protobuf"}>
            <button
              type="button"
              class="button small"
              disabled={formatJson(draft().body) === undefined}
              onClick={() => composer.setBody(formatJson(draft().body) ?? draft().body)}
            >
              Format
            </button>
          </Show>
          <Show when={draft().type === "protobuf"}>
            <span class="muted composer-hint">
              {decoders.messageType("sent")
                ? `JSON encoded as ${decoders.messageType("sent")} (Decoders tab)`
                : "Choose Message type (sent) in the Decoders tab"}
            </span>
          </Show>
          {/* Templates apply to text and JSON only; the hint shares the heading's line. */}
          <Show when={draft().type === "text" || draft().type === "json"}>
            <span class="muted composer-hint" title={TEMPLATES_HINT}>
              {TEMPLATES_HINT}
            </span>
          </Show>
        </div>
        <div class="composer-row">
          <textarea
            id={messageId}
            ref={props.messageRef}
            class="input mono composer-message"
            aria-keyshortcuts={ariaKeysFor("focus-message")}
            value={draft().body}
            onInput={(event) => composer.setBody(event.currentTarget.value)}
            onKeyDown={onKeyDown}
            rows={3}
            spellcheck={false}
            aria-invalid={!check().ok}
            aria-describedby={checkId}
            placeholder={
              draft().type === "binary"
                ? draft().encoding === "hex"
                  ? "de ad be ef"
                  : "3q2+7w=="
                : ""
            }
          />
          <button
            type="submit"
            class="button primary"
            disabled={blocker() !== ""}
            aria-describedby={checkId}
            title={blocker() || `Send (${keysFor("send")})`}
            aria-keyshortcuts={ariaKeysFor("send")}
          >
            Send
          </button>
        </div>
        <p id={checkId} class={check().ok ? "muted composer-check" : "field-error composer-check"}>
          {(() => {
            const result = check();
            if (!result.ok) return result.error;
            if (!connected()) return "Connect first to send";
            if (draft().type === "binary") return `Binary message: ${result.preview}`;
            if (draft().type === "protobuf")
              return `Protobuf ${decoders.messageType("sent")}: ${result.preview}`;
            return result.preview !== draft().body
              ? `Preview: ${result.preview.slice(0, 300)}`
              : "";
          })()}
        </p>
      </form>
    </>
  );
}
