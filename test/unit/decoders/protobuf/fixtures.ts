import { readFileSync } from "node:fs";
import type { ProtoFile } from "../../../../inspector/src/model/decoders/protobuf/schema.ts";

/** The .proto fixtures (test/fixtures/proto), as the file input would load them. */
export function protoFixtures(...names: string[]): ProtoFile[] {
  return names.map((name) => ({
    name,
    source: readFileSync(new URL(`../../../fixtures/proto/${name}`, import.meta.url), "utf8"),
  }));
}

/** Bytes from hex with spaces. */
export const hex = (text: string) => Uint8Array.from(Buffer.from(text.replace(/\s+/g, ""), "hex"));

/** Bytes as spaced hex, for golden strings. */
export const toSpacedHex = (bytes: Uint8Array) =>
  Buffer.from(bytes)
    .toString("hex")
    .replace(/(..)(?!$)/g, "$1 ");
