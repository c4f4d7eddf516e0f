import type { Payload } from "../../frames/frame.ts";
import type { DecodedPayload, Decoder } from "../decoder.ts";
import { decodeMessage } from "./decode-message.ts";
import { decodeRaw } from "./raw.ts";
import type { ProtoSchema } from "./schema.ts";

export { decodeMessage } from "./decode-message.ts";
export { describeFit, rankTypes, type TypeFit } from "./detect.ts";
export { encodeMessage, type ProtobufEncode } from "./encode-message.ts";
export { decodeRaw } from "./raw.ts";
export { loadProtoFiles, type ProtoFile, type ProtoSchema, type SchemaLoad } from "./schema.ts";

const bytesOf = (payload: Payload) =>
  typeof payload === "string" ? new TextEncoder().encode(payload) : new Uint8Array(payload);

const count = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** A payload decoded as `typeName` of `schema`, or why it cannot be. */
export function decodeWithSchema(
  schema: ProtoSchema,
  typeName: string,
  payload: Payload,
): { ok: true; decoded: DecodedPayload; problems: string[] } | { ok: false; error: string } {
  const type = schema.type(typeName);
  if (!type) return { ok: false, error: `The schema has no message type ${typeName}` };
  const result = decodeMessage(type, bytesOf(payload));
  if (!result.ok) return { ok: false, error: `Not a ${typeName}: ${result.error}` };
  const { known, unknown, problems } = result.stats;
  const notes = [count(known, "field")];
  if (unknown > 0) notes.push(`${unknown} unknown`);
  if (problems.length > 0) notes.push(count(problems.length, "problem"));
  return {
    ok: true,
    decoded: { summary: `Protobuf ${typeName}: ${notes.join(", ")}`, value: result.value },
    problems: result.stats.problems,
  };
}

/** Protobuf read without a schema: field numbers, wire types and guesses (see `decodeRaw`). */
export function decodeProtobufRaw(payload: Payload): DecodedPayload | null {
  if (typeof payload === "string" || payload.byteLength === 0) return null;
  const raw = decodeRaw(new Uint8Array(payload));
  if (!raw.ok) return null;
  return { summary: `Protobuf (no schema): ${count(raw.fields, "field")}`, value: raw.value };
}

/** The schema-less protobuf decoder, for the manual switch (binary frames only). */
export const protobufRawDecoder: Decoder = {
  id: "protobuf-raw",
  name: "Protobuf (no schema)",
  decode: decodeProtobufRaw,
  matchesSubprotocol: (protocol) => /(^|[.+-])(proto|protobuf)$/i.test(protocol),
};
