import { describe, isRecord } from "../formats/json-reading.ts";
import { SANDBOX_LIMITS } from "./custom/sandbox-protocol.ts";
import { PROTO_LIMITS, type ProtoFile } from "./protobuf/schema.ts";

/** A session's decoders as plain data: saved with the workspace, carried by an export. */
export interface DecoderSettingsValue {
  /** `.proto` files loaded, in the order they were. */
  protoFiles: ProtoFile[];
  /** The message type received frames decode as (full name), or "" for none. */
  receivedType: string;
  /** The message type sent frames decode as, and the composer encodes as; or "". */
  sentType: string;
  custom: CustomDecoderValue;
}

/** A custom decoder: its source, whether it runs, and the column it fills. */
export interface CustomDecoderValue {
  /** A JavaScript function expression: `(payload, frame) => value`. */
  source: string;
  /** The user ran it. A decoder that came in a file never runs until they do. */
  enabled: boolean;
  /** Path into the decoded value that fills the log's column (`type`, `$.header.kind`), or "". */
  column: string;
  /** What one frame may take, in ms. */
  timeLimitMs: number;
}

/** No schemas, no types, no custom decoder. */
export const emptyDecoderSettings: DecoderSettingsValue = {
  protoFiles: [],
  receivedType: "",
  sentType: "",
  custom: {
    source: "",
    enabled: false,
    column: "",
    timeLimitMs: SANDBOX_LIMITS.defaultTimeLimitMs,
  },
};

/** Whether the settings hold anything worth carrying. */
export function hasDecoderSettings(value: DecoderSettingsValue): boolean {
  return (
    value.protoFiles.length > 0 ||
    value.receivedType !== "" ||
    value.sentType !== "" ||
    value.custom.source.trim() !== ""
  );
}

/**
 * Reads decoder settings from untrusted JSON (a capture file, or a record saved by an older
 * build), checking every field; an error names the first bad one under `path`.
 */
export function readDecoderSettings(
  value: unknown,
  path: string,
): { ok: true; value: DecoderSettingsValue } | { ok: false; error: string } {
  const bad = (where: string, found: unknown, expected: string) => ({
    ok: false as const,
    error: `${path}.${where} is ${describe(found)}; expected ${expected}`,
  });
  if (!isRecord(value))
    return { ok: false, error: `${path} is ${describe(value)}; expected an object` };
  const { protoFiles = [], receivedType = "", sentType = "", custom = {} } = value;
  if (!Array.isArray(protoFiles)) return bad("protoFiles", protoFiles, "a list");
  if (protoFiles.length > PROTO_LIMITS.maxFiles)
    return bad("protoFiles", `${protoFiles.length} files`, `at most ${PROTO_LIMITS.maxFiles}`);
  const files: ProtoFile[] = [];
  for (const [index, file] of protoFiles.entries()) {
    if (!isRecord(file)) return bad(`protoFiles[${index}]`, file, "{name, source}");
    if (typeof file.name !== "string")
      return bad(`protoFiles[${index}].name`, file.name, "a string");
    if (typeof file.source !== "string")
      return bad(`protoFiles[${index}].source`, file.source, "a string");
    files.push({ name: file.name, source: file.source });
  }
  if (typeof receivedType !== "string") return bad("receivedType", receivedType, "a string");
  if (typeof sentType !== "string") return bad("sentType", sentType, "a string");
  if (!isRecord(custom)) return bad("custom", custom, "an object");
  const {
    source = "",
    enabled = false,
    column = "",
    timeLimitMs = SANDBOX_LIMITS.defaultTimeLimitMs,
  } = custom;
  if (typeof source !== "string") return bad("custom.source", source, "a string");
  if (source.length > SANDBOX_LIMITS.maxSourceChars)
    return bad(
      "custom.source",
      `${source.length} characters`,
      `at most ${SANDBOX_LIMITS.maxSourceChars}`,
    );
  if (typeof enabled !== "boolean") return bad("custom.enabled", enabled, "true or false");
  if (typeof column !== "string") return bad("custom.column", column, "a string");
  if (!isTimeLimit(timeLimitMs))
    return bad(
      "custom.timeLimitMs",
      timeLimitMs,
      `a number of ms from ${SANDBOX_LIMITS.minTimeLimitMs} to ${SANDBOX_LIMITS.maxTimeLimitMs}`,
    );
  return {
    ok: true,
    value: {
      protoFiles: files,
      receivedType,
      sentType,
      custom: { source, enabled, column, timeLimitMs },
    },
  };
}

/** Whether `value` is a time limit the sandbox takes. */
export function isTimeLimit(value: unknown): value is number {
  return (
    typeof value === "number" &&
    Number.isInteger(value) &&
    value >= SANDBOX_LIMITS.minTimeLimitMs &&
    value <= SANDBOX_LIMITS.maxTimeLimitMs
  );
}
