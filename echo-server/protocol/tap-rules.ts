/**
 * Tap rules: the schema they are checked against (by the tap, and by the inspector's Rules form
 * with the same functions), and how a frame is matched against them. Pure: the tap runs it on
 * every frame, the inspector shows with it which rule a frame would meet.
 */
import { isSendableCloseCode } from "./close-codes.ts";
import { parseJson } from "./json-guard.ts";
import { regexProblem } from "./regex.ts";
import {
  type TapAction,
  type TapCommand,
  type TapDirection,
  TapLimits,
  type TapMatch,
  type TapRule,
} from "./tap-wire.ts";

/** Rules that passed the schema, or the field that did not and why. */
export type TapRulesCheck =
  | { ok: true; rules: TapRule[] }
  | { ok: false; field: string; message: string };

class Refusal {
  constructor(
    readonly field: string,
    readonly message: string,
  ) {}
}

/** Checks an untrusted list of rules; never throws. Hit counts are not taken from the input. */
export function parseTapRules(value: unknown): TapRulesCheck {
  try {
    if (!Array.isArray(value)) throw new Refusal("rules", "Rules are a list");
    if (value.length > TapLimits.maxRules)
      throw new Refusal("rules", `At most ${TapLimits.maxRules} rules`);
    const ids = new Set<string>();
    const rules = value.map((rule, i) => {
      const checked = readRule(rule, `rules[${i}]`);
      if (ids.has(checked.id))
        throw new Refusal(`rules[${i}].id`, `Two rules have the id ${checked.id}`);
      ids.add(checked.id);
      return checked;
    });
    return { ok: true, rules };
  } catch (error) {
    if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message };
    throw error;
  }
}

function readRule(value: unknown, at: string): TapRule {
  if (!isRecord(value)) throw new Refusal(at, "A rule is an object");
  if (typeof value.id !== "string" || value.id === "" || value.id.length > 64)
    throw new Refusal(`${at}.id`, "A rule needs an id of 1–64 characters");
  return {
    id: value.id,
    match: readMatch(value.match, `${at}.match`),
    action: readAction(value.action, `${at}.action`),
  };
}

function readMatch(value: unknown, at: string): TapMatch {
  if (value === undefined) return {};
  if (!isRecord(value)) throw new Refusal(at, "A rule's match is an object");
  const match: TapMatch = {};
  if (value.direction !== undefined) {
    if (value.direction !== "c2s" && value.direction !== "s2c")
      throw new Refusal(
        `${at}.direction`,
        "The direction is c2s (app to server) or s2c (server to app)",
      );
    match.direction = value.direction;
  }
  if (value.client !== undefined) {
    if (!Number.isInteger(value.client) || (value.client as number) < 1)
      throw new Refusal(`${at}.client`, "A client is its id, a whole number from 1");
    match.client = value.client as number;
  }
  for (const key of ["text", "regex", "jsonPath"] as const) {
    const field = value[key];
    if (field === undefined || field === "") continue;
    if (typeof field !== "string" || field.length > TapLimits.maxPatternLength)
      throw new Refusal(
        `${at}.${key}`,
        `${key} is text of at most ${TapLimits.maxPatternLength} characters`,
      );
    match[key] = field;
  }
  if (value.ignoreCase !== undefined) {
    if (typeof value.ignoreCase !== "boolean")
      throw new Refusal(`${at}.ignoreCase`, "ignoreCase is true or false");
    match.ignoreCase = value.ignoreCase;
  }
  if (match.regex !== undefined) {
    const problem = regexProblem(match.regex);
    if (problem) throw new Refusal(`${at}.regex`, problem);
  }
  if (match.jsonPath !== undefined) {
    if (parsePath(match.jsonPath) === null)
      throw new Refusal(`${at}.jsonPath`, 'A JSON path looks like $.op or $.items[0]["id"]');
    if (value.equals !== undefined) match.equals = value.equals;
  }
  return match;
}

function readAction(value: unknown, at: string): TapAction {
  if (!isRecord(value)) throw new Refusal(at, "A rule needs an action");
  switch (value.type) {
    case "pass":
    case "drop":
    case "pause":
      return { type: value.type };
    case "delay": {
      const ms = value.ms;
      if (typeof ms !== "number" || !Number.isInteger(ms) || ms < 0 || ms > TapLimits.maxDelayMs)
        throw new Refusal(`${at}.ms`, `A delay is 0–${TapLimits.maxDelayMs} ms`);
      return { type: "delay", ms };
    }
    case "replace":
    case "respond": {
      if (typeof value.with !== "string" || value.with.length > TapLimits.maxTemplateLength)
        throw new Refusal(
          `${at}.with`,
          `${value.type} needs the text to send, at most ${TapLimits.maxTemplateLength} characters`,
        );
      if (templateReferences(value.with) > TapLimits.maxTemplateReferences)
        throw new Refusal(
          `${at}.with`,
          `A template uses $&, $1… at most ${TapLimits.maxTemplateReferences} times (each copies matched text into the frame)`,
        );
      return { type: value.type, with: value.with };
    }
    case "close": {
      if (typeof value.code !== "number" || !isSendableCloseCode(value.code))
        throw new Refusal(`${at}.code`, "A close code is 1000, 1001–1003, 1007–1014 or 3000–4999");
      if (value.reason !== undefined && typeof value.reason !== "string")
        throw new Refusal(`${at}.reason`, "A close reason is text");
      return { type: "close", code: value.code, ...(value.reason ? { reason: value.reason } : {}) };
    }
    default:
      throw new Refusal(
        `${at}.type`,
        "An action is pass, delay, drop, replace, respond, close or pause",
      );
  }
}

/** How many times `template` copies matched text: `$&`, `$1`, `$<name>`, `` $` `` and `$'` (`$$` is a dollar). */
export function templateReferences(template: string): number {
  let count = 0;
  for (const token of template.matchAll(/\$(?:\$|[&`']|\d{1,2}|<[^>]*>)/g))
    if (token[0] !== "$$") count++;
  return count;
}

/** A frame as rules see it. */
export interface RuleFrame {
  direction: TapDirection;
  clientId: number;
  /** The text of a text frame; undefined for a binary frame (text conditions do not match it). */
  text: string | undefined;
}

/** The first rule that matches, with what it matched (`$&` and the regex groups). */
export interface RuleHit {
  rule: TapRule;
  index: number;
  /** The regex match when the rule has a regex. */
  matched: RegExpExecArray | undefined;
  /** The rule's compiled regex, for `expandAction`. */
  regex: RegExp | undefined;
}

/** A rule prepared for matching: its regex compiled and its JSON path parsed once. */
export interface CompiledRule {
  rule: TapRule;
  regex: RegExp | undefined;
  path: PathStep[] | null;
}

/** The flags a rule's regex runs with. */
export function regexFlags(match: TapMatch): string {
  return match.ignoreCase ? "i" : "";
}

/** Compiles rules that passed `parseTapRules`. */
export function compileRules(rules: readonly TapRule[]): CompiledRule[] {
  return rules.map((rule) => ({
    rule,
    regex:
      rule.match.regex === undefined
        ? undefined
        : new RegExp(rule.match.regex, regexFlags(rule.match)),
    path: rule.match.jsonPath === undefined ? null : parsePath(rule.match.jsonPath),
  }));
}

/** A frame being matched, with its JSON parsed at most once however many rules look at it. */
export interface FrameProbe {
  frame: RuleFrame;
  /** The parsed text: undefined until a rule needs it, null when it is not JSON. */
  json?: { value: unknown } | null;
}

/**
 * The index of the first rule at or after `from` whose conditions hold, leaving out each rule's
 * regex (which the caller runs, as it may take long: see echo-server/taps/regex-sandbox.ts), or
 * -1. Rules the tap turned off are skipped.
 */
export function nextCandidate(
  rules: readonly CompiledRule[],
  probe: FrameProbe,
  from: number,
): number {
  const { frame } = probe;
  for (let index = from; index < rules.length; index++) {
    const compiled = rules[index] as CompiledRule;
    const { match, disabled } = compiled.rule;
    if (disabled !== undefined) continue;
    if (match.direction !== undefined && match.direction !== frame.direction) continue;
    if (match.client !== undefined && match.client !== frame.clientId) continue;
    const needsText =
      match.text !== undefined || compiled.regex !== undefined || compiled.path !== null;
    if (needsText && frame.text === undefined) continue;
    const text = frame.text ?? "";
    if (match.text !== undefined) {
      const found = match.ignoreCase
        ? text.toLowerCase().includes(match.text.toLowerCase())
        : text.includes(match.text);
      if (!found) continue;
    }
    if (compiled.path !== null) {
      if (probe.json === undefined) {
        const parsed = parseJson(text, { maxDepth: 64, maxLength: Number.POSITIVE_INFINITY });
        probe.json = parsed.ok ? { value: parsed.value } : null;
      }
      if (probe.json === null) continue;
      const found = valueAt(probe.json.value, compiled.path);
      if (!found.exists) continue;
      if (match.equals !== undefined && !deepEqual(found.value, match.equals)) continue;
    }
    return index;
  }
  return -1;
}

/**
 * The first rule `frame` matches, or undefined, running each regex here and now: for the
 * inspector and tests. The tap runs regexes in a sandbox with a time budget instead.
 */
export function firstMatch(rules: readonly CompiledRule[], frame: RuleFrame): RuleHit | undefined {
  const probe: FrameProbe = { frame };
  for (let index = nextCandidate(rules, probe, 0); index >= 0; ) {
    const compiled = rules[index] as CompiledRule;
    if (compiled.regex === undefined)
      return { rule: compiled.rule, index, matched: undefined, regex: undefined };
    compiled.regex.lastIndex = 0;
    const matched = compiled.regex.exec(frame.text ?? "");
    if (matched !== null) return { rule: compiled.rule, index, matched, regex: compiled.regex };
    index = nextCandidate(rules, probe, index + 1);
  }
  return undefined;
}

/**
 * The text a `replace` or `respond` action sends: with a regex, `template` replaces the match
 * (`$&`, `$1`… as in String.replace); without one, `template` is the whole new text and `$&`
 * in it stands for the frame's text.
 */
export function expandAction(template: string, text: string, regex?: RegExp): string {
  if (regex !== undefined) {
    regex.lastIndex = 0;
    return text.replace(regex, template);
  }
  return template.replace(/\$\$|\$&/g, (token) => (token === "$$" ? "$" : text));
}

/** One step of a JSON path: a key or an index. */
export type PathStep = string | number;

/** `$.a.b[0]["c d"]` → ["a", "b", 0, "c d"]; null when it is not such a path. */
export function parsePath(path: string): PathStep[] | null {
  if (!path.startsWith("$")) return null;
  const steps: PathStep[] = [];
  const pattern = /\.([A-Za-z_$][\w$]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]/y;
  let at = 1;
  while (at < path.length) {
    pattern.lastIndex = at;
    const step = pattern.exec(path);
    if (step === null) return null;
    if (step[1] !== undefined) steps.push(step[1]);
    else if (step[2] !== undefined) steps.push(Number(step[2]));
    else steps.push((step[3] ?? "").replace(/\\(.)/g, "$1"));
    at = pattern.lastIndex;
  }
  return steps;
}

/** The value at `path` in `value`, and whether it is there at all. */
export function valueAt(
  value: unknown,
  path: readonly PathStep[],
): { exists: boolean; value?: unknown } {
  let current = value;
  for (const step of path) {
    if (typeof step === "number") {
      if (!Array.isArray(current) || step >= current.length) return { exists: false };
      current = current[step];
    } else {
      if (!isRecord(current) || !Object.hasOwn(current, step)) return { exists: false };
      current = current[step];
    }
  }
  return { exists: true, value: current };
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  if (keysA.length !== keysB.length) return false;
  return keysA.every((key) =>
    deepEqual((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key]),
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A watch command that passed the schema, or the field that did not and why. */
export type TapCommandCheck =
  | { ok: true; command: TapCommand }
  | { ok: false; field: string; message: string };

/** Checks an untrusted command from a watching inspector tab; never throws. */
export function parseTapCommand(value: unknown): TapCommandCheck {
  if (!isRecord(value)) return refuse("command", "A tap command is a JSON object");
  switch (value.type) {
    case "rules": {
      const rules = parseTapRules(value.rules);
      return rules.ok ? { ok: true, command: { type: "rules", rules: rules.rules } } : rules;
    }
    case "release": {
      if (!isPositiveInteger(value.holdId)) return refuse("holdId", "holdId is a held frame's id");
      if (value.action !== "forward" && value.action !== "drop")
        return refuse("action", "A held frame is released with forward or drop");
      if (value.payload !== undefined && typeof value.payload !== "string")
        return refuse("payload", "An edited payload is text (base64 for a binary frame)");
      return {
        ok: true,
        command: {
          type: "release",
          holdId: value.holdId,
          action: value.action,
          ...(value.payload !== undefined ? { payload: value.payload } : {}),
        },
      };
    }
    case "inject": {
      if (!isPositiveInteger(value.clientId))
        return refuse("clientId", "clientId is a client's id");
      if (value.direction !== "c2s" && value.direction !== "s2c")
        return refuse("direction", "The direction is c2s (to the server) or s2c (to the app)");
      if (typeof value.payload !== "string")
        return refuse("payload", "A payload is text (base64 for binary)");
      if (value.binary !== undefined && typeof value.binary !== "boolean")
        return refuse("binary", "binary is true or false");
      if (value.binary === true && !/^[A-Za-z0-9+/]*={0,2}$/.test(value.payload))
        return refuse("payload", "A binary payload is base64");
      return {
        ok: true,
        command: {
          type: "inject",
          clientId: value.clientId,
          direction: value.direction,
          payload: value.payload,
          binary: value.binary === true,
        },
      };
    }
    case "settings": {
      const ms = value.holdTimeoutMs;
      if (
        typeof ms !== "number" ||
        !Number.isInteger(ms) ||
        ms < TapLimits.minHoldTimeoutMs ||
        ms > TapLimits.maxHoldTimeoutMs
      )
        return refuse(
          "holdTimeoutMs",
          `The hold timeout is ${TapLimits.minHoldTimeoutMs}–${TapLimits.maxHoldTimeoutMs} ms`,
        );
      return { ok: true, command: { type: "settings", holdTimeoutMs: ms } };
    }
    default:
      return refuse("type", "A tap command's type is rules, release, inject or settings");
  }
}

function refuse(field: string, message: string): TapCommandCheck {
  return { ok: false, field, message };
}

function isPositiveInteger(value: unknown): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1;
}
