import { jsonView } from "../detail/detail.ts";
import { jsonSummary } from "../detail/json.ts";
import { decodeUtf8 } from "../frames/codecs.ts";
import type { Payload } from "../frames/frame.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";

/** JSON text, in a text frame or as UTF-8 in a binary frame. */
export function decodeJson(payload: Payload): DecodedPayload | null {
  const text = typeof payload === "string" ? payload : decodeUtf8(new Uint8Array(payload));
  if (text === null) return null;
  // Too deep for a tree: the JSON tab shows such text with a note (see MAX_TREE_DEPTH).
  const view = jsonView(text);
  if (view.kind !== "tree") return null;
  return { summary: `JSON ${jsonSummary(view.value, 60)}`, value: view.value };
}

/** Subprotocols whose messages are JSON documents. */
const JSON_SUBPROTOCOLS = new Set(["json", "graphql-ws", "graphql-transport-ws"]);

/** The JSON decoder. */
export const jsonDecoder: Decoder = {
  id: "json",
  name: "JSON",
  decode: decodeJson,
  matchesSubprotocol: (protocol) => {
    const p = protocol.toLowerCase();
    return JSON_SUBPROTOCOLS.has(p) || p.endsWith(".json") || p.endsWith("+json");
  },
};
