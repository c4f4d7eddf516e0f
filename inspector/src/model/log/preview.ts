import { describeClose } from "../../../../echo-server/protocol/close-codes.ts";
import { oneLine } from "../../../../echo-server/protocol/one-line.ts";
import { abnormalCloseCauses, describeNeverOpened } from "../connect/connect-failure.ts";
import { decodeUtf8 } from "../frames/codecs.ts";
import { type FrameEvent, FrameKind, type Payload } from "../frames/frame.ts";

/** Bytes of a binary frame shown in its one-line preview. */
const PREVIEW_BYTES = 24;

/**
 * One line of text that stands for a frame in the log: text with line breaks and control
 * characters made visible, binary as leading hex bytes. Never markup; views render it as text.
 */
export function previewPayload(payload: Payload, maxChars = 160): string {
  if (typeof payload === "string") return oneLine(payload, maxChars);
  const bytes = new Uint8Array(payload, 0, Math.min(PREVIEW_BYTES, payload.byteLength));
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
  const more = payload.byteLength > PREVIEW_BYTES ? " …" : "";
  return `Binary: ${hex}${more}`;
}

/** Who closed, as a close event's preview says it. */
const CLOSED_BY = {
  server: " by the server",
  client: " by you",
  relay: "",
  app: " by the app",
  tap: " by the tap",
} as const;

/** One line describing a connection event. */
export function previewEvent(event: FrameEvent): string {
  switch (event.type) {
    case "open": {
      const details = [
        event.protocol && `subprotocol ${event.protocol}`,
        event.extensions && `extensions ${event.extensions}`,
      ].filter(Boolean);
      const from = event.remote ? ` from ${event.remote}` : "";
      return `Connected${from} to ${event.url}${details.length ? ` (${details.join(", ")})` : ""}`;
    }
    case "close": {
      if (event.attemptStart !== undefined) return describeNeverOpened(event.reason);
      const by = event.side ? CLOSED_BY[event.side] : "";
      const closed = `Closed${by}: ${describeClose(event.code, event.reason)}${event.wasClean ? "" : " (not clean)"}`;
      // 1006 means no close frame arrived: the browser (or relay) saw the connection drop.
      return event.code === 1006 ? `${closed}. ${abnormalCloseCauses()}` : closed;
    }
    case "error":
      return `Error: ${event.message}`;
    case "reconnect":
      return `Reconnecting in ${(event.delayMs / 1000).toFixed(1)} s (attempt ${event.attempt})`;
    case "info":
      return event.message;
  }
}

/** One line for a ping or pong frame: its payload as text when it is printable UTF-8, else hex. */
export function previewControl(kind: number, payload: ArrayBuffer): string {
  const name = kind === FrameKind.Ping ? "Ping" : "Pong";
  if (payload.byteLength === 0) return `${name} (no payload)`;
  const text = decodeUtf8(new Uint8Array(payload));
  // biome-ignore lint/suspicious/noControlCharactersInRegex: printable text only.
  if (text !== null && !/[\u0000-\u001f\u007f]/.test(text)) return `${name}: ${text}`;
  return `${name}: ${previewPayload(payload).replace(/^Binary: /, "")}`;
}
