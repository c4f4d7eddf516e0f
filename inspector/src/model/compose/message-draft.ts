import { isSendableCloseCode } from "../../../../echo-server/protocol/close-codes.ts";
import { describeMissing } from "../environments/env-references.ts";
import { decodeBase64 } from "../frames/codecs.ts";
import type { Payload } from "../frames/frame.ts";
import { compileTemplate, missingReferences, type TemplateContext } from "./templates.ts";

/** The composer's message types. */
export type MessageType = "text" | "json" | "binary" | "protobuf";

/** Encodes JSON as the protobuf message type chosen for sent frames (see state/decoders.ts). */
export type ProtobufEncoder = (
  json: unknown,
) => { ok: true; bytes: Uint8Array } | { ok: false; error: string };

/** How binary input is written. */
export type BinaryEncoding = "hex" | "base64";

/** What the composer holds. */
export interface MessageDraft {
  type: MessageType;
  body: string;
  encoding: BinaryEncoding;
}

/** A draft turned into a payload, or why it cannot be sent. */
export type DraftCheck =
  | { ok: true; payload: Payload; preview: string }
  | { ok: false; error: string };

/**
 * Turns a draft into the payload to send, expanding templates for text and JSON; a
 * `{{env.NAME}}` the context does not set is an error, not an empty string. JSON must parse
 * after expansion; errors name the line and column. Binary is hex (spaces allowed) or
 * base64 and is sent as bytes. Protobuf is JSON (templates too) encoded by `protobuf`, whose
 * errors name the field.
 */
export function checkDraft(
  draft: MessageDraft,
  context: TemplateContext,
  protobuf?: ProtobufEncoder,
): DraftCheck {
  if (draft.type === "binary") {
    const bytes = draft.encoding === "hex" ? parseHex(draft.body) : decodeBase64(draft.body);
    if (bytes === null || typeof bytes === "string") {
      return { ok: false, error: typeof bytes === "string" ? bytes : "Not valid base64" };
    }
    const payload = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    return { ok: true, payload, preview: `${bytes.byteLength} bytes` };
  }
  const template = compileTemplate(draft.body);
  if (!template.ok) return { ok: false, error: template.error };
  const missing = missingReferences(template.references, context);
  if (missing.length > 0) return { ok: false, error: describeMissing(missing) };
  const text = template.expand(context);
  if (draft.type === "json" || draft.type === "protobuf") {
    const error = jsonError(text);
    if (error) return { ok: false, error };
  }
  if (draft.type === "protobuf") {
    if (!protobuf) return { ok: false, error: "Protobuf needs a schema: load a .proto file" };
    const encoded = protobuf(JSON.parse(text));
    if (!encoded.ok) return { ok: false, error: encoded.error };
    const { bytes } = encoded;
    const payload = bytes.buffer.slice(
      bytes.byteOffset,
      bytes.byteOffset + bytes.byteLength,
    ) as ArrayBuffer;
    return { ok: true, payload, preview: `${bytes.byteLength} bytes` };
  }
  return { ok: true, payload: text, preview: text };
}

/** Bytes of a hex string with optional spaces (and `0x` prefixes), or a message saying where it is wrong. */
export function parseHex(text: string): Uint8Array | string {
  const compact = text.replace(/0x/gi, "").replace(/[\s,:]+/g, "");
  const bad = compact.search(/[^0-9a-f]/i);
  if (bad >= 0) return `Not a hex digit: "${compact[bad]}" (use 0–9 and a–f, spaces allowed)`;
  if (compact.length % 2 === 1) return "Odd number of hex digits: each byte takes two";
  const bytes = new Uint8Array(compact.length / 2);
  for (let i = 0; i < bytes.length; i++)
    bytes[i] = Number.parseInt(compact.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Why `text` is not JSON, with the line and column, or undefined when it is. */
export function jsonError(text: string): string | undefined {
  try {
    JSON.parse(text);
    return undefined;
  } catch (error) {
    const message = (error as Error).message.replace(/\s*\(line \d+ column \d+\)/, "");
    const position = /at position (\d+)/.exec(message);
    const offset = position ? Number(position[1]) : text.length;
    const { line, column } = lineColumn(text, offset);
    const reason = message.replace(/ in JSON at position \d+/, "").replace(/^JSON\.parse: /, "");
    return `Invalid JSON at line ${line}:${column}: ${reason}`;
  }
}

/** 1-based line and column of a character offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < Math.min(offset, text.length); i++) {
    if (text[i] === "\n") {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** Pretty-printed JSON, or undefined when the text is not JSON. */
export function formatJson(text: string): string | undefined {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return undefined;
  }
}

/**
 * Why a close code and reason cannot be sent, or undefined when they can. A browser may send
 * only 1000 and 3000–4999; through the relay any code a close frame may carry goes.
 */
export function closeError(
  code: number,
  reason: string,
  via: "direct" | "relay" = "direct",
): string | undefined {
  if (via === "relay") {
    if (!Number.isInteger(code) || !isSendableCloseCode(code)) {
      return "A close frame may carry 1000–1003, 1007–1014 or 3000–4999 (1004–1006 and 1015 are reserved)";
    }
  } else if (!Number.isInteger(code) || (code !== 1000 && (code < 3000 || code > 4999))) {
    return "A browser may close with 1000 or a code from 3000 to 4999 (turn on Via relay for any code)";
  }
  if (new TextEncoder().encode(reason).length > 123)
    return "The reason must be at most 123 bytes of UTF-8";
  return undefined;
}
