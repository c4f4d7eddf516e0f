import type { Payload } from "../frames/frame.ts";
import { cborDecoder } from "./cbor.ts";
import type { DecodedPayload, Decoder } from "./decoder.ts";
import { jsonDecoder } from "./json.ts";
import { mqttDecoder } from "./mqtt.ts";
import { msgpackDecoder } from "./msgpack.ts";
import { protobufRawDecoder } from "./protobuf/index.ts";
import { signalRDecoder } from "./signalr.ts";
import { socketIoDecoder } from "./socketio.ts";
import { stompDecoder } from "./stomp.ts";

export type { DecodedPayload, Decoder } from "./decoder.ts";

/** Every decoder, in the order the manual switch lists them. */
export const DECODERS: readonly Decoder[] = [
  jsonDecoder,
  msgpackDecoder,
  cborDecoder,
  socketIoDecoder,
  stompDecoder,
  signalRDecoder,
  mqttDecoder,
  // Raw protobuf reads most bytes somehow: offered by hand, chosen on its own only when the
  // subprotocol names it (a schema, when loaded, decodes before any of these).
  protobufRawDecoder,
];

/** A decoder and what it made of a payload. */
export interface AutoDecoded {
  decoder: Decoder;
  decoded: DecodedPayload;
}

/** The decoder with this id, if any. */
export function decoderById(id: string): Decoder | undefined {
  return DECODERS.find((decoder) => decoder.id === id);
}

/** The decoder a subprotocol names (a comma-separated list is tried in order), if any. */
export function decoderForSubprotocol(subprotocol: string): Decoder | undefined {
  for (const protocol of subprotocol.split(",")) {
    const name = protocol.trim();
    const decoder = name === "" ? undefined : DECODERS.find((d) => d.matchesSubprotocol(name));
    if (decoder !== undefined) return decoder;
  }
  return undefined;
}

/** Whether a connection URL is an Engine.IO (Socket.IO) endpoint. */
export function isEngineIoUrl(url: string): boolean {
  return /[?&]EIO=\d/.test(url) || url.includes("/socket.io/");
}

/** First bytes of a MessagePack map or array (fixmap, fixarray, array 16/32, map 16/32). */
const isMsgpackContainer = (byte: number) =>
  (byte >= 0x80 && byte <= 0x9f) || (byte >= 0xdc && byte <= 0xdf);

/** First bytes of a CBOR array or map (major types 4 and 5). */
const isCborContainer = (byte: number) => byte >> 5 === 4 || byte >> 5 === 5;

/** A content rule: a decoder, and a cheap test of whether its success would convince. */
interface Sniffer {
  decoder: Decoder;
  /** Formats that decode many arbitrary bytes; guessed only when no subprotocol names a format. */
  binaryFormat?: boolean;
  convincing(payload: Payload, url: string): boolean;
}

const firstByte = (payload: Payload) =>
  typeof payload === "string"
    ? -1
    : (new Uint8Array(payload, 0, Math.min(1, payload.byteLength))[0] ?? -1);

/**
 * Content rules in the order they are tried. The strict formats come first: SignalR records end
 * in U+001E, STOMP frames in NUL (a bare heart-beat is not enough), MQTT packets must fill the
 * frame exactly. MessagePack and CBOR accept most byte strings, so they are guessed only for a
 * binary frame that is one whole map or array. Socket.IO's `2`, `3`, `40` are also JSON numbers:
 * they count as Socket.IO only when the URL is an Engine.IO endpoint.
 */
const SNIFFERS: readonly Sniffer[] = [
  { decoder: signalRDecoder, convincing: () => true },
  { decoder: stompDecoder, convincing: (payload) => containsNul(payload) },
  {
    decoder: socketIoDecoder,
    // The only Socket.IO frames that are also JSON are all digits ("2", "3", "40", "41").
    convincing: (payload, url) =>
      typeof payload === "string" && (isEngineIoUrl(url) || !/^\d+$/.test(payload)),
  },
  { decoder: mqttDecoder, binaryFormat: true, convincing: () => true },
  {
    decoder: msgpackDecoder,
    binaryFormat: true,
    convincing: (payload) => isMsgpackContainer(firstByte(payload)),
  },
  {
    decoder: cborDecoder,
    binaryFormat: true,
    convincing: (payload) => isCborContainer(firstByte(payload)),
  },
  { decoder: jsonDecoder, convincing: () => true },
];

function containsNul(payload: Payload): boolean {
  return typeof payload === "string"
    ? payload.includes("\u0000")
    : new Uint8Array(payload).includes(0);
}

/**
 * The automatic choice for a frame: the decoder the subprotocol names, when it can decode the
 * payload; else the first content rule that decodes it convincingly; null when none does.
 * `url` (the connection's) only breaks the tie between Socket.IO and JSON.
 */
export function autoDecode(payload: Payload, subprotocol = "", url = ""): AutoDecoded | null {
  const named = decoderForSubprotocol(subprotocol);
  if (named !== undefined) {
    const decoded = named.decode(payload);
    if (decoded !== null) return { decoder: named, decoded };
  }
  for (const sniffer of SNIFFERS) {
    if (sniffer.decoder === named) continue;
    if (sniffer.binaryFormat === true && named !== undefined) continue;
    if (!sniffer.convincing(payload, url)) continue;
    const decoded = sniffer.decoder.decode(payload);
    if (decoded !== null) return { decoder: sniffer.decoder, decoded };
  }
  return null;
}

/** The decoder chosen automatically for a frame (see `autoDecode`), if any. */
export function chooseDecoder(payload: Payload, subprotocol = "", url = ""): Decoder | undefined {
  return autoDecode(payload, subprotocol, url)?.decoder;
}

/** Every decoder that can decode the payload at all, for the manual switch. */
export function decodersFor(payload: Payload): Decoder[] {
  return DECODERS.filter((decoder) => decoder.decode(payload) !== null);
}
