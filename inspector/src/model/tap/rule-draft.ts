import { parseJson } from "../../../../echo-server/protocol/json-guard.ts";
import { parseTapRules } from "../../../../echo-server/protocol/tap-rules.ts";
import type {
  TapAction,
  TapDirection,
  TapMatch,
  TapRule,
} from "../../../../echo-server/protocol/tap-wire.ts";

/** What a rule looks for, as the Rules form offers it. */
export type MatchKind = "any" | "text" | "regex" | "json";
/** What a rule does, as the Rules form offers it. */
export type ActionKind = TapAction["type"];

/** The Rules form as typed: every field a string or a choice, checked by `ruleFromDraft`. */
export interface RuleDraft {
  /** "" for both directions. */
  direction: "" | TapDirection;
  /** A client id, or "" for any client. */
  client: string;
  matchKind: MatchKind;
  /** The text, the regex or the JSON path, by `matchKind`. */
  pattern: string;
  ignoreCase: boolean;
  /** For a JSON path: the value it must have, as JSON; "" when the path only has to exist. */
  equals: string;
  action: ActionKind;
  delayMs: string;
  /** For replace and respond. */
  template: string;
  closeCode: string;
  closeReason: string;
}

/** A field of the Rules form. */
export type RuleField = keyof RuleDraft;

export const emptyRuleDraft: RuleDraft = {
  direction: "",
  client: "",
  matchKind: "text",
  pattern: "",
  ignoreCase: false,
  equals: "",
  action: "pause",
  delayMs: "500",
  template: "",
  closeCode: "1000",
  closeReason: "",
};

/** A draft checked: the rule, or the first field that is wrong and why. */
export type RuleDraftCheck =
  | { ok: true; rule: TapRule }
  | { ok: false; field: RuleField; message: string };

/**
 * The rule a draft describes, checked with the tap's own schema (`parseTapRules`), so the form
 * says what the tap would say, and where. `id` names the rule.
 */
export function ruleFromDraft(draft: RuleDraft, id: string): RuleDraftCheck {
  const match: TapMatch = {};
  if (draft.direction !== "") match.direction = draft.direction;
  if (draft.client.trim() !== "") {
    const client = Number(draft.client.trim());
    if (!Number.isInteger(client) || client < 1)
      return { ok: false, field: "client", message: "A client is its number: 1, 2, 3…" };
    match.client = client;
  }
  if (draft.matchKind !== "any") {
    if (draft.pattern === "")
      return { ok: false, field: "pattern", message: PATTERN_MISSING[draft.matchKind] };
    if (draft.matchKind === "text") match.text = draft.pattern;
    if (draft.matchKind === "regex") match.regex = draft.pattern;
    if (draft.matchKind === "json") match.jsonPath = draft.pattern.trim();
    if (draft.ignoreCase && draft.matchKind !== "json") match.ignoreCase = true;
  }
  if (draft.matchKind === "json" && draft.equals.trim() !== "") {
    const equals = parseJson(draft.equals, { maxDepth: 8, maxLength: 4096 });
    if (!equals.ok)
      return {
        ok: false,
        field: "equals",
        message: 'Equals is a JSON value, such as "subscribe", 42, true or {"id": 1}',
      };
    match.equals = equals.value;
  }
  const action = actionOf(draft);
  if ("field" in action) return { ok: false, ...action };
  const checked = parseTapRules([{ id, match, action }]);
  if (checked.ok) return { ok: true, rule: checked.rules[0] as TapRule };
  return { ok: false, field: draftFieldOf(checked.field) ?? "pattern", message: checked.message };
}

const PATTERN_MISSING: Record<Exclude<MatchKind, "any">, string> = {
  text: "Type the text the frame must contain",
  regex: "Type the regular expression",
  json: "Type the JSON path, such as $.type",
};

function actionOf(draft: RuleDraft): TapAction | { field: RuleField; message: string } {
  switch (draft.action) {
    case "pass":
    case "drop":
    case "pause":
      return { type: draft.action };
    case "delay":
      return { type: "delay", ms: wholeNumber(draft.delayMs) };
    case "replace":
    case "respond":
      return { type: draft.action, with: draft.template };
    case "close":
      return {
        type: "close",
        code: wholeNumber(draft.closeCode),
        ...(draft.closeReason ? { reason: draft.closeReason } : {}),
      };
  }
}

/** A whole number typed, or NaN (which the schema refuses, naming the field). */
function wholeNumber(text: string): number {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : Number.NaN;
}

const FIELDS_BY_PATH: Record<string, RuleField> = {
  direction: "direction",
  client: "client",
  text: "pattern",
  regex: "pattern",
  jsonPath: "pattern",
  ignoreCase: "ignoreCase",
  equals: "equals",
  ms: "delayMs",
  with: "template",
  code: "closeCode",
  reason: "closeReason",
  type: "action",
};

/**
 * The form field a schema field names (`rules[2].match.regex` → pattern), for the tap's own
 * refusals too; undefined for a field the form does not have.
 */
export function draftFieldOf(path: string): RuleField | undefined {
  const last = /\.(\w+)$/.exec(path)?.[1];
  return last === undefined ? undefined : FIELDS_BY_PATH[last];
}

/** The index of the rule a schema field names (`rules[2].match.regex` → 2), or undefined. */
export function ruleIndexOf(path: string): number | undefined {
  const index = /^rules\[(\d+)\]/.exec(path)?.[1];
  return index === undefined ? undefined : Number(index);
}

/** The draft that edits `rule`. */
export function draftFromRule(rule: TapRule): RuleDraft {
  const { match, action } = rule;
  const matchKind: MatchKind =
    match.regex !== undefined
      ? "regex"
      : match.jsonPath !== undefined
        ? "json"
        : match.text !== undefined
          ? "text"
          : "any";
  return {
    ...emptyRuleDraft,
    direction: match.direction ?? "",
    client: match.client === undefined ? "" : String(match.client),
    matchKind,
    pattern: match.regex ?? match.jsonPath ?? match.text ?? "",
    ignoreCase: match.ignoreCase === true,
    equals: match.equals === undefined ? "" : JSON.stringify(match.equals),
    action: action.type,
    ...(action.type === "delay" ? { delayMs: String(action.ms) } : {}),
    ...(action.type === "replace" || action.type === "respond" ? { template: action.with } : {}),
    ...(action.type === "close"
      ? { closeCode: String(action.code), closeReason: action.reason ?? "" }
      : {}),
  };
}

/** A rule id not yet taken: rule-1, rule-2… */
export function nextRuleId(rules: readonly TapRule[]): string {
  const taken = new Set(rules.map((rule) => rule.id));
  for (let n = rules.length + 1; ; n++) if (!taken.has(`rule-${n}`)) return `rule-${n}`;
}

/** A rule in words for the list: what it looks for, and what it does. */
export function describeRule(rule: TapRule): { match: string; action: string } {
  return { match: describeMatch(rule.match), action: describeAction(rule.action) };
}

const DIRECTIONS = { c2s: "client → server", s2c: "server → client" } as const;

function describeMatch(match: TapMatch): string {
  const parts: string[] = [];
  if (match.direction) parts.push(DIRECTIONS[match.direction]);
  if (match.client !== undefined) parts.push(`client #${match.client}`);
  const caseless = match.ignoreCase ? " (any case)" : "";
  if (match.text !== undefined) parts.push(`text contains “${clip(match.text)}”${caseless}`);
  if (match.regex !== undefined)
    parts.push(`regex /${clip(match.regex)}/${match.ignoreCase ? "i" : ""}`);
  if (match.jsonPath !== undefined)
    parts.push(
      match.equals === undefined
        ? `JSON ${match.jsonPath} exists`
        : `JSON ${match.jsonPath} = ${clip(JSON.stringify(match.equals))}`,
    );
  return parts.length > 0 ? parts.join(", ") : "every frame";
}

function describeAction(action: TapAction): string {
  switch (action.type) {
    case "pass":
      return "pass";
    case "drop":
      return "drop";
    case "pause":
      return "pause (breakpoint)";
    case "delay":
      return `delay ${action.ms} ms`;
    case "replace":
      return `replace with “${clip(action.with)}”`;
    case "respond":
      return `respond “${clip(action.with)}”`;
    case "close":
      return `close ${action.code}${action.reason ? ` ${clip(action.reason)}` : ""}`;
  }
}

/** Long text cut for a one-line description. */
function clip(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
