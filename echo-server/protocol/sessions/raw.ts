/**
 * Raw frames, as they are: nothing is sent on the user's behalf. A protocol of one's own can
 * still be paired: name the JSON field a request carries its id in and the one a reply names
 * it in (`$.reqId` and `$.replyTo`), and frames that have them pair up, either side asking.
 */
import { parseJson } from "../json-guard.ts";
import type { PairItem } from "../pairing/pairing.ts";
import { type PathStep, parsePath, valueAt } from "../tap-rules.ts";
import type { FieldPairing, FrameReading, ProtocolSession, WireData } from "./types.ts";

/** Longest id (as JSON text) that pairs; longer ones are shown but not tracked. */
const MAX_ID_CHARS = 200;

/** Why field pairing cannot use these paths, field by field; empty when it can. */
export function checkFieldPairing(
  fields: FieldPairing,
): Partial<Record<keyof FieldPairing, string>> {
  const problems: Partial<Record<keyof FieldPairing, string>> = {};
  const path = 'A JSON path looks like $.reqId or $.meta["id"]';
  if (parsePath(fields.requestPath) === null) problems.requestPath = path;
  if (parsePath(fields.replyPath) === null) problems.replyPath = path;
  if (fields.namePath && parsePath(fields.namePath) === null) problems.namePath = path;
  if (fields.errorPath && parsePath(fields.errorPath) === null) problems.errorPath = path;
  return problems;
}

/** A raw session; with `fields`, requests and replies pair on them. */
export function makeRawSession(fields?: FieldPairing): ProtocolSession {
  const paths =
    fields && Object.keys(checkFieldPairing(fields)).length === 0 ? compile(fields) : undefined;

  function read(data: WireData, from: "server" | "client"): FrameReading | undefined {
    if (!paths || typeof data !== "string") return undefined;
    const parsed = parseJson(data, { maxDepth: 64, maxLength: Number.POSITIVE_INFINITY });
    if (!parsed.ok || typeof parsed.value !== "object" || parsed.value === null) return undefined;
    const value = parsed.value;
    const request = valueAt(value, paths.request);
    const reply = valueAt(value, paths.reply);
    // What a side sends is first its own request, else its answer to the other side.
    const asks = from === "client" ? request.exists : request.exists && !reply.exists;
    const answers = from === "server" ? reply.exists : reply.exists && !request.exists;
    if (!asks && !answers) return undefined;
    const id = asks ? request.value : reply.value;
    const idText = JSON.stringify(id) ?? "";
    const validId =
      (typeof id === "string" || typeof id === "number") && idText.length <= MAX_ID_CHARS;
    const role = asks ? "request" : "reply";
    if (!validId)
      return {
        summary: role,
        problem: `The ${role} id at ${asks ? fields?.requestPath : fields?.replyPath} is not a string or number of at most ${MAX_ID_CHARS} characters: it is not paired`,
      };
    const mine = from === "client" ? "c" : "s";
    const theirs = from === "client" ? "s" : "c";
    const label = `id ${idText}`;
    if (asks) {
      const name = paths.name ? nameAt(value, paths.name) : undefined;
      const item: PairItem = { role, key: `${mine}:${idText}`, label, ...(name ? { name } : {}) };
      return { summary: `request ${idText}${name ? ` ${name}` : ""}`, items: [item] };
    }
    const error = paths.error ? valueAt(value, paths.error) : undefined;
    const failed = error?.exists === true && error.value !== null && error.value !== false;
    const errorText = failed
      ? (typeof error?.value === "string"
          ? error.value
          : (JSON.stringify(error?.value) ?? "error")
        ).slice(0, 80)
      : undefined;
    const item: PairItem = {
      role,
      key: `${theirs}:${idText}`,
      label,
      value,
      ...(errorText !== undefined ? { error: errorText } : {}),
    };
    return {
      summary: `reply to ${idText}${errorText !== undefined ? `: ${errorText}` : ""}`,
      items: [item],
    };
  }

  return {
    protocol: "raw",
    passive: paths === undefined,
    open: () => ({ send: [] }),
    receive: (data) => {
      const reading = read(data, "server");
      return { ...(reading ? { reading } : {}), send: [] };
    },
    sent: (data) => read(data, "client"),
    act: () => ({ ok: false, error: "A raw session sends what you type in the composer" }),
    state: () => ({ protocol: "raw", ...(paths && fields ? { fields } : {}) }),
  };
}

function compile(fields: FieldPairing) {
  return {
    request: parsePath(fields.requestPath) as PathStep[],
    reply: parsePath(fields.replyPath) as PathStep[],
    name: fields.namePath ? (parsePath(fields.namePath) ?? undefined) : undefined,
    error: fields.errorPath ? (parsePath(fields.errorPath) ?? undefined) : undefined,
  };
}

function nameAt(value: unknown, path: PathStep[]): string | undefined {
  const found = valueAt(value, path);
  if (!found.exists) return undefined;
  const text = typeof found.value === "string" ? found.value : JSON.stringify(found.value);
  return text === undefined ? undefined : text.slice(0, 80);
}
