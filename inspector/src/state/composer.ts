import { createMemo, createSignal } from "solid-js";
import {
  type BinaryEncoding,
  checkDraft,
  type MessageDraft,
  type MessageType,
  type ProtobufEncoder,
} from "../model/compose/message-draft.ts";
import { liveContext, type TemplateContext } from "../model/compose/templates.ts";
import { maskSecrets } from "../model/environments/secret-values.ts";
import type { Connection } from "./connection.ts";
import type { SessionServices } from "./session.ts";

/** Messages remembered for ↑/↓ recall. */
const HISTORY_LIMIT = 100;

/** The composer's draft, its check, the send counter and the history. */
export interface Composer {
  readonly draft: () => MessageDraft;
  setType(type: MessageType): void;
  setBody(body: string): void;
  setEncoding(encoding: BinaryEncoding): void;
  /**
   * The draft checked (and templates expanded) as the next send would be; secret values of the
   * environments are masked in the preview, which is on screen.
   */
  readonly check: ReturnType<typeof createMemo<ReturnType<typeof checkDraft>>>;
  /** What templates read at a send numbered `seq`: the clock and the environment in use. */
  context(seq: number): TemplateContext;
  /** Sends the draft; false when it cannot be sent. */
  send(): boolean;
  /** Replaces the draft with an older (-1) or newer (+1) one from the history. */
  recall(step: -1 | 1): void;
}

/**
 * Composer state for one connection. `{{seq}}` counts this composer's sends from 1; `protobuf`
 * encodes protobuf drafts (the session's decoders).
 */
export function createComposer(
  connection: Connection,
  services: Pick<SessionServices, "values" | "finder">,
  protobuf?: ProtobufEncoder,
): Composer {
  const [draft, setDraft] = createSignal<MessageDraft>({ type: "text", body: "", encoding: "hex" });
  const [seq, setSeq] = createSignal(1);
  const history: MessageDraft[] = [];
  let cursor = 0;

  const context = (at: number): TemplateContext => ({
    ...liveContext(at, Date.now()),
    env: services.values(),
  });
  // The preview uses a fixed clock so it does not re-render every millisecond.
  const check = createMemo(() => {
    const result = checkDraft(draft(), context(seq()), protobuf);
    return result.ok && typeof result.payload === "string"
      ? { ...result, preview: maskSecrets(result.preview, services.finder()) }
      : result;
  });

  return {
    draft,
    setType: (type) => setDraft((current) => ({ ...current, type })),
    setBody: (body) => setDraft((current) => ({ ...current, body })),
    setEncoding: (encoding) => setDraft((current) => ({ ...current, encoding })),
    check,
    context,
    send() {
      if (connection.status().state !== "open") return false;
      // Expanded at send time, so {{now}} is the moment of sending, not of typing.
      const result = checkDraft(draft(), context(seq()), protobuf);
      if (!result.ok) return false;
      connection.send(result.payload);
      setSeq(seq() + 1);
      const last = history.at(-1);
      if (!last || last.body !== draft().body || last.type !== draft().type) history.push(draft());
      if (history.length > HISTORY_LIMIT) history.shift();
      cursor = history.length;
      return true;
    },
    recall(step) {
      if (history.length === 0) return;
      cursor = Math.min(history.length, Math.max(0, cursor + step));
      const entry = history[cursor];
      setDraft(entry ?? { ...draft(), body: "" });
    },
  };
}
