/**
 * A scenario from a tab's capture: what was sent becomes `send` steps, what came back becomes
 * `expect` steps that match it exactly (text, a JSON value, or bytes), for the user to loosen.
 * Secret values of the environments become `{{env.NAME}}`, so the scenario keeps no secret and
 * still runs with that environment. What could not be recorded is said, never dropped silently.
 */
import { parseJson } from "../../../../echo-server/protocol/json-guard.ts";
import { ScenarioLimits } from "../../../../echo-server/protocol/scenario/schema.ts";
import type { Scenario, ScenarioStep } from "../../../../echo-server/protocol/scenario/types.ts";
import { isSecretHeader } from "../../../../echo-server/protocol/secret-names.ts";
import type { SecretFinder } from "../environments/secret-values.ts";
import { Direction, FrameKind } from "../frames/frame.ts";
import type { FrameStore } from "../frames/frame-store.ts";
import { mapStrings, templateOf } from "./template-text.ts";

/** One data frame of the capture, in order. */
export interface RecordedFrame {
  direction: "sent" | "received";
  payload: string | ArrayBuffer;
}

/** What a recording starts from. */
export interface RecordInput {
  url: string;
  protocols: string[];
  /** The relay headers the tab connected with, as typed (`{{env.TOKEN}}` stays a reference). */
  headers: [string, string][];
  frames: readonly RecordedFrame[];
  secrets: SecretFinder;
}

/** A recorded scenario and what the user should know about it. */
export interface Recording {
  scenario: Scenario;
  /** Frames left out or recorded loosely, and why. */
  notes: string[];
}

/** Largest frame sent again as recorded. */
export const MAX_SEND_CHARS = 256 * 1024;
/** Largest received frame matched exactly; a bigger one is expected as any frame. */
export const MAX_EXPECT_CHARS = 64 * 1024;
/** Deepest JSON recorded as a JSON value (the scenario around it takes a few levels of 64). */
const MAX_JSON_DEPTH = 48;

/**
 * The data frames of the latest connection in a tab's log (from its last open on, or all of
 * them when the open has been dropped), and the URL it opened.
 */
export function latestConnection(store: FrameStore): { url?: string; frames: RecordedFrame[] } {
  let from = store.length;
  while (from > 0 && store.kind(from - 1) !== FrameKind.Open) from--;
  const opened = from > 0 ? store.event(from - 1) : undefined;
  const frames: RecordedFrame[] = [];
  for (let index = from; index < store.length; index++) {
    const kind = store.kind(index);
    const payload = store.payload(index);
    if ((kind !== FrameKind.Text && kind !== FrameKind.Binary) || payload === null) continue;
    frames.push({
      direction: store.direction(index) === Direction.Out ? "sent" : "received",
      payload,
    });
  }
  return { ...(opened?.type === "open" ? { url: opened.url } : {}), frames };
}

/** Records a scenario from `input`. */
export function recordScenario(input: RecordInput): Recording {
  const notes: string[] = [];
  const secretsFound: string[] = [];
  const template = (text: string) => {
    const result = templateOf(text, input.secrets);
    for (const name of result.found) if (!secretsFound.includes(name)) secretsFound.push(name);
    return result.template;
  };
  const steps: ScenarioStep[] = [];
  for (const [position, frame] of input.frames.entries()) {
    const number = position + 1;
    if (steps.length >= ScenarioLimits.maxSteps) {
      notes.push(
        `The capture has ${input.frames.length} frames; the first ${ScenarioLimits.maxSteps} became steps`,
      );
      break;
    }
    const step = stepOf(frame, number, template, input.secrets, notes);
    if (step) steps.push(step);
  }
  const headers = input.headers.map(([name, value]): [string, string] => {
    // A credential typed in as it is (not as {{env.NAME}}) is not copied into the scenario.
    if (isSecretHeader(name) && !/\{\{\s*env\./.test(value)) {
      const variable = name.toUpperCase().replace(/[^A-Z0-9]+/g, "_");
      notes.push(
        `The ${name} header reads {{env.${variable}}}: give it a value in the environment`,
      );
      return [name, `{{env.${variable}}}`];
    }
    return [name, headerTemplate(value, template)];
  });
  if (secretsFound.length > 0)
    notes.push(`Secret values became ${secretsFound.map((name) => `{{env.${name}}}`).join(", ")}`);
  return {
    scenario: {
      name: `Recorded from ${input.url}`,
      url: template(input.url),
      ...(input.protocols.length > 0 ? { protocols: input.protocols } : {}),
      ...(headers.length > 0 ? { headers } : {}),
      steps,
    },
    notes,
  };
}

function stepOf(
  frame: RecordedFrame,
  number: number,
  template: (text: string) => string,
  secrets: SecretFinder,
  notes: string[],
): ScenarioStep | undefined {
  const sent = frame.direction === "sent";
  if (typeof frame.payload !== "string") {
    const bytes = new Uint8Array(frame.payload);
    if (holdsSecret(bytes, secrets)) {
      notes.push(`Frame ${number} (binary) holds a secret value and was left out`);
      return undefined;
    }
    if (bytes.byteLength > (sent ? MAX_SEND_CHARS : MAX_EXPECT_CHARS) / 2) {
      if (sent) {
        notes.push(
          `Frame ${number} (${bytes.byteLength} bytes, sent) is too big to record and was left out`,
        );
        return undefined;
      }
      notes.push(`Frame ${number} (${bytes.byteLength} bytes) is expected as any frame`);
      return { expect: { any: true }, name: `a ${bytes.byteLength}-byte frame` };
    }
    return sent ? { send: { hex: hexOf(bytes) } } : { expect: { hex: hexOf(bytes) } };
  }
  const text = frame.payload;
  if (text.length > (sent ? MAX_SEND_CHARS : MAX_EXPECT_CHARS)) {
    if (sent) {
      notes.push(
        `Frame ${number} (${text.length} characters, sent) is too big to record and was left out`,
      );
      return undefined;
    }
    notes.push(`Frame ${number} (${text.length} characters) is expected as any frame`);
    return { expect: { any: true }, name: `a ${text.length}-character frame` };
  }
  const json = jsonOf(text, secrets);
  if (json !== undefined) {
    const value = mapStrings(json.value, template);
    // A send whose text is the value written compactly goes as JSON (readable, and the same
    // bytes); otherwise it goes as the text it was, spaces and all.
    if (sent)
      return JSON.stringify(json.value) === text
        ? { send: { json: value } }
        : { send: template(text) };
    return { expect: { json: value } };
  }
  return sent ? { send: template(text) } : { expect: { text: template(text) } };
}

/** The JSON object or list a text holds, unless a key holds a secret (keys are not templates). */
function jsonOf(text: string, secrets: SecretFinder): { value: unknown } | undefined {
  const first = text.trimStart()[0];
  if (first !== "{" && first !== "[") return undefined;
  const parsed = parseJson(text, { maxDepth: MAX_JSON_DEPTH, maxLength: MAX_SEND_CHARS });
  if (!parsed.ok) return undefined;
  let secretKey = false;
  const visit = (value: unknown) => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value !== null && typeof value === "object")
      for (const [key, item] of Object.entries(value)) {
        if (secrets.segments(key).some((piece) => "secret" in piece)) secretKey = true;
        visit(item);
      }
  };
  visit(parsed.value);
  return secretKey ? undefined : { value: parsed.value };
}

function holdsSecret(bytes: Uint8Array, secrets: SecretFinder): boolean {
  if (secrets.empty) return false;
  // Secrets are text; a binary frame holds one when its bytes, read as Latin-1 and as UTF-8, do.
  const utf8 = new TextDecoder().decode(bytes);
  let latin1 = "";
  for (const byte of bytes) latin1 += String.fromCharCode(byte);
  return [utf8, latin1].some((text) => secrets.segments(text).some((piece) => "secret" in piece));
}

/**
 * A relay header value as a template: its `{{env.NAME}}` stay references (the relay form reads
 * only those), and the rest is literal text.
 */
function headerTemplate(value: string, template: (text: string) => string): string {
  let result = "";
  let from = 0;
  for (const match of value.matchAll(/\{\{\s*env\.[A-Za-z_][\w.-]*\s*\}\}/g)) {
    result += template(value.slice(from, match.index)) + match[0];
    from = match.index + match[0].length;
  }
  return result + template(value.slice(from));
}

function hexOf(bytes: Uint8Array): string {
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join(" ");
}
