/**
 * Loosening what an expect step matches: a recorded step matches the frame exactly, and the user
 * picks something looser (contains, a regular expression, a JSON subset, any frame) or lets it
 * skip frames that do not match. The choices come from the step as it was recorded, so going
 * back to exact stays possible after a change.
 */
import { deepEqual } from "../../../../echo-server/protocol/scenario/matchers.ts";
import type {
  Scenario,
  ScenarioMatcher,
  ScenarioStep,
} from "../../../../echo-server/protocol/scenario/types.ts";
import { escapeTemplate, literalJson, literalOf, mapStrings } from "./template-text.ts";

/** The ways an expect can match, as the step table offers them. */
export type MatchChoice = "exact" | "contains" | "regex" | "json" | "any";

/** One choice: its label, and the matcher it makes (none when the step cannot have it). */
export interface MatchOption {
  choice: MatchChoice;
  label: string;
  matcher?: ScenarioMatcher;
  /** Why the choice is not offered for this step. */
  why?: string;
}

export const MATCH_LABELS: Record<MatchChoice, string> = {
  exact: "Exact text",
  contains: "Contains",
  regex: "Regular expression",
  json: "JSON subset",
  any: "Any frame",
};

/**
 * What `original` can become. Exact and contains keep its templates; a regular expression and a
 * JSON subset need the literal text (no placeholders). Hex stays hex (binary is matched exactly)
 * or becomes any frame.
 */
export function matchOptions(original: ScenarioMatcher): MatchOption[] {
  const option = (choice: MatchChoice, matcher?: ScenarioMatcher, why?: string): MatchOption => ({
    choice,
    label: MATCH_LABELS[choice],
    ...(matcher ? { matcher } : {}),
    ...(why ? { why } : {}),
  });
  const any = option("any", { any: true });
  if ("hex" in original)
    return [
      option("exact", original),
      option("contains", undefined, "A binary frame is matched by its bytes"),
      option("regex", undefined, "A binary frame is matched by its bytes"),
      option("json", undefined, "A binary frame is not JSON"),
      any,
    ];
  // The text the step matches as a template (exact), and the literal text if it has no placeholders.
  let template: string | undefined;
  let json: { value: unknown } | undefined;
  if ("text" in original) template = original.text;
  else if ("json" in original) {
    json = literalJson(original.json);
    template = json ? escapeTemplate(JSON.stringify(json.value)) : undefined;
  } else if ("contains" in original) template = original.contains;
  const literal = template === undefined ? undefined : literalOf(template);
  if (json === undefined && literal !== undefined) {
    const first = literal.trimStart()[0];
    if (first === "{" || first === "[") {
      try {
        json = { value: JSON.parse(literal) };
      } catch {
        json = undefined;
      }
    }
  }
  const exact =
    "text" in original ? original : template !== undefined ? { text: template } : undefined;
  return [
    option("exact", exact, exact ? undefined : "This step has no text to match exactly"),
    option(
      "contains",
      template !== undefined
        ? { contains: "contains" in original ? original.contains : template }
        : undefined,
      template !== undefined ? undefined : "This step has no text to look for",
    ),
    option(
      "regex",
      "regex" in original
        ? original
        : literal !== undefined
          ? { regex: `^${escapeRegExp(literal)}$` }
          : undefined,
      literal !== undefined || "regex" in original
        ? undefined
        : "Placeholders cannot go into a regular expression",
    ),
    option(
      "json",
      "json" in original
        ? original
        : json !== undefined && typeof json.value === "object" && json.value !== null
          ? { json: mapStrings(json.value, escapeTemplate) }
          : undefined,
      "json" in original || (json !== undefined && typeof json.value === "object")
        ? undefined
        : "The frame is not a JSON object or list",
    ),
    any,
  ];
}

/** Which choice a matcher is, among `options`; undefined when it is none of them (hand-written). */
export function currentChoice(
  matcher: ScenarioMatcher,
  options: readonly MatchOption[],
): MatchChoice | undefined {
  return options.find((option) => option.matcher && deepEqual(option.matcher, matcher))?.choice;
}

/** A step of a client (`client` is "main" for a scenario with `steps`), changed by `change`. */
export function withStep(
  scenario: Scenario,
  client: string,
  index: number,
  change: (step: ScenarioStep) => ScenarioStep,
): Scenario {
  const update = (steps: ScenarioStep[]) =>
    steps.map((step, at) => (at === index ? change(step) : step));
  if (scenario.clients)
    return {
      ...scenario,
      clients: scenario.clients.map((entry) =>
        entry.name === client ? { ...entry, steps: update(entry.steps) } : entry,
      ),
    };
  return { ...scenario, steps: update(scenario.steps ?? []) };
}

/** An expect step with another matcher (its other fields kept). */
export function withMatcher(step: ScenarioStep, matcher: ScenarioMatcher): ScenarioStep {
  return "expect" in step ? { ...step, expect: matcher } : step;
}

/** An expect step that skips frames that do not match, or not. */
export function withSkip(step: ScenarioStep, skip: boolean): ScenarioStep {
  if (!("expect" in step)) return step;
  const { skip: _dropped, ...rest } = step;
  return skip ? { ...rest, skip: true } : rest;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
