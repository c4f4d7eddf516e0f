import { describe, isRecord } from "../../formats/json-reading.ts";
import type { ProtoFile } from "./schema.ts";

/** A schema the playground serves at `/api/schemas`: its file, and the endpoint whose messages it describes. */
export interface PlaygroundSchema extends ProtoFile {
  /** Full name of the endpoint's message type (`socketscope.firehose.Tick`). */
  messageType: string;
  /** Path and query of the endpoint (`/firehose?format=protobuf`). */
  endpoint: string;
}

/** The `/api/schemas` answer, checked entry by entry; an error names the first bad field. */
export function readPlaygroundSchemas(
  value: unknown,
): { ok: true; schemas: PlaygroundSchema[] } | { ok: false; error: string } {
  if (!Array.isArray(value))
    return { ok: false, error: `/api/schemas answered ${describe(value)}; expected a list` };
  const schemas: PlaygroundSchema[] = [];
  for (const [index, entry] of value.entries()) {
    if (!isRecord(entry))
      return { ok: false, error: `/api/schemas[${index}] is ${describe(entry)}` };
    for (const field of ["name", "source", "messageType", "endpoint"] as const) {
      if (typeof entry[field] !== "string")
        return {
          ok: false,
          error: `/api/schemas[${index}].${field} is ${describe(entry[field])}; expected a string`,
        };
    }
    const { name, source, messageType, endpoint } = entry as Record<string, string>;
    schemas.push({ name, source, messageType, endpoint } as PlaygroundSchema);
  }
  return { ok: true, schemas };
}

/**
 * The message type a connection to `url` receives, when a schema's endpoint is that path and the
 * URL has every query parameter the endpoint names (`/firehose?format=protobuf&rate=5` matches
 * `/firehose?format=protobuf`); undefined otherwise.
 */
export function messageTypeForUrl(
  schemas: readonly PlaygroundSchema[],
  url: string,
): string | undefined {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    return undefined;
  }
  for (const schema of schemas) {
    const endpoint = new URL(schema.endpoint, "ws://endpoint.invalid");
    if (endpoint.pathname !== target.pathname) continue;
    const wanted = [...endpoint.searchParams];
    if (wanted.every(([key, value]) => target.searchParams.get(key) === value))
      return schema.messageType;
  }
  return undefined;
}
