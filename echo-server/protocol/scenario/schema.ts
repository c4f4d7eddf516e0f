/**
 * The scenario schema, in code: what `scenario.schema.json` says, with messages that name the
 * field, its line and its column. Everything that is a template is compiled here, so a bad
 * placeholder is found before a run, not in the middle of one.
 */
import { checkHeaderName, isToken } from "../headers.ts";
import { regexProblem } from "../regex.ts";
import { parsePath } from "../tap-rules.ts";
import { compileTemplate } from "../templates.ts";
import { type Position, parseLocatedJson } from "./located-json.ts";
import type { Scenario, ScenarioMatcher, ScenarioPayload, ScenarioStep } from "./types.ts";

/** A problem with a scenario: where (a path, and a line and column when known) and what. */
export interface ScenarioProblem {
  path: string;
  message: string;
  line?: number;
  column?: number;
}

/** A scenario that passed, or every problem found. */
export type ScenarioCheck =
  | { ok: true; scenario: Scenario }
  | { ok: false; problems: ScenarioProblem[] };

/** Bounds of a scenario. */
export const ScenarioLimits = {
  maxClients: 32,
  maxSteps: 1000,
  maxTimeoutMs: 600_000,
  maxPingCount: 10_000,
} as const;

const STEP_KINDS = ["send", "expect", "wait", "ping", "close", "expectClose", "barrier"] as const;
type StepKind = (typeof STEP_KINDS)[number];
/** The fields each kind of step may have (besides `name`). */
const STEP_FIELDS: Record<StepKind, string[]> = {
  send: ["send"],
  expect: ["expect", "within", "skip", "capture"],
  wait: ["wait"],
  ping: ["ping", "p99Below", "medianBelow", "lossAtMost"],
  close: ["close"],
  expectClose: ["expectClose"],
  barrier: ["barrier"],
};
const MATCHER_KINDS = ["text", "contains", "regex", "json", "path", "hex", "any"] as const;
type MatcherKind = (typeof MATCHER_KINDS)[number];
/** The fields each kind of matcher may have. */
const MATCHER_FIELDS: Record<MatcherKind, string[]> = {
  text: ["text"],
  contains: ["contains"],
  regex: ["regex", "flags"],
  json: ["json"],
  path: ["path", "equals", "matches"],
  hex: ["hex"],
  any: ["any"],
};

/** Parses and checks scenario text; problems carry their line and column. Never throws. */
export function parseScenario(text: string): ScenarioCheck {
  const located = parseLocatedJson(text);
  if (!located.ok)
    return { ok: false, problems: [{ path: "", message: located.message, ...located.position }] };
  const checked = checkScenario(located.value);
  if (checked.ok) return checked;
  return {
    ok: false,
    problems: checked.problems.map((problem) => ({
      ...problem,
      ...locate(located.positionOf, problem.path),
    })),
  };
}

/** The position of `path`, or of the nearest enclosing value that has one. */
function locate(
  positionOf: (path: string) => Position | undefined,
  path: string,
): Position | Record<string, never> {
  let current = path;
  for (;;) {
    const position = positionOf(current);
    if (position) return position;
    if (current === "") return {};
    // Drop the last step: `.key`, `[n]`, or a top-level `key`.
    current = current.replace(/(?:^|\.)[^.[\]]+$|\[\d+\]$/, "");
  }
}

/** Checks a parsed value against the scenario schema; never throws. */
export function checkScenario(value: unknown): ScenarioCheck {
  const problems: ScenarioProblem[] = [];
  const problem: Report = (path, message) => {
    problems.push({ path, message });
  };
  if (!isRecord(value))
    return { ok: false, problems: [{ path: "", message: "A scenario is a JSON object" }] };

  optionalString(value, "name", "", problem);
  if (value.url !== undefined) checkTemplateString(value.url, "url", problem);
  checkProtocols(value.protocols, "protocols", problem);
  checkHeaders(value.headers, "headers", problem);
  if (value.vars !== undefined && !isRecord(value.vars))
    problem("vars", "vars is an object of names and values");
  if (value.timeoutMs !== undefined) checkDuration(value.timeoutMs, "timeoutMs", problem);

  const hasSteps = value.steps !== undefined;
  const hasClients = value.clients !== undefined;
  if (hasSteps === hasClients)
    problem("", 'A scenario has either "steps" (one client) or "clients" (several)');
  if (hasSteps) {
    if (value.url === undefined) problem("url", "A scenario with steps needs a url");
    checkSteps(value.steps, "steps", problem);
  }
  if (hasClients) {
    if (!Array.isArray(value.clients) || value.clients.length === 0)
      problem("clients", "clients is a list of at least one client");
    else if (value.clients.length > ScenarioLimits.maxClients)
      problem("clients", `At most ${ScenarioLimits.maxClients} clients`);
    else {
      const names = new Set<string>();
      for (const [i, client] of (value.clients as unknown[]).entries()) {
        const at = `clients[${i}]`;
        if (!isRecord(client)) {
          problem(at, "A client is an object with a name and steps");
          continue;
        }
        if (typeof client.name !== "string" || client.name === "")
          problem(`${at}.name`, "A client needs a name");
        else if (names.has(client.name))
          problem(`${at}.name`, `Two clients are named ${client.name}`);
        else names.add(client.name);
        if (client.url !== undefined) checkTemplateString(client.url, `${at}.url`, problem);
        else if (value.url === undefined)
          problem(`${at}.url`, "This client needs a url (or give the scenario one)");
        checkProtocols(client.protocols, `${at}.protocols`, problem);
        checkHeaders(client.headers, `${at}.headers`, problem);
        checkSteps(client.steps, `${at}.steps`, problem);
      }
    }
  }
  return problems.length === 0
    ? { ok: true, scenario: value as Scenario }
    : { ok: false, problems };
}

type Report = (path: string, message: string) => void;

function checkSteps(steps: unknown, at: string, problem: Report) {
  if (!Array.isArray(steps)) return problem(at, "steps is a list");
  if (steps.length > ScenarioLimits.maxSteps)
    return problem(at, `At most ${ScenarioLimits.maxSteps} steps`);
  for (const [i, step] of steps.entries()) checkStep(step, `${at}[${i}]`, problem);
}

function checkStep(step: unknown, at: string, problem: Report) {
  if (!isRecord(step))
    return problem(at, `A step is an object with one of: ${STEP_KINDS.join(", ")}`);
  const kinds = STEP_KINDS.filter((kind) => step[kind] !== undefined);
  if (kinds.length !== 1)
    return problem(
      at,
      kinds.length === 0
        ? `A step needs one of: ${STEP_KINDS.join(", ")}`
        : `A step does one thing, not ${kinds.join(" and ")}`,
    );
  optionalString(step, "name", at, problem);
  const unknown = Object.keys(step).filter(
    (key) => !["name", ...STEP_FIELDS[kinds[0] as StepKind]].includes(key),
  );
  for (const key of unknown) problem(`${at}.${key}`, `A ${kinds[0]} step has no field "${key}"`);
  const s = step as ScenarioStep & Record<string, unknown>;
  switch (kinds[0]) {
    case "send":
      return checkPayload(s.send, `${at}.send`, problem);
    case "expect":
      checkMatcher(s.expect, `${at}.expect`, problem);
      if (s.within !== undefined) checkDuration(s.within, `${at}.within`, problem);
      if (s.skip !== undefined && typeof s.skip !== "boolean")
        problem(`${at}.skip`, "skip is true or false");
      if (s.capture !== undefined) {
        if (!isRecord(s.capture))
          problem(`${at}.capture`, 'capture maps names to paths: {"sid": "$.sid"}');
        else
          for (const [name, path] of Object.entries(s.capture)) {
            if (!/^[A-Za-z_][\w.-]*$/.test(name))
              problem(`${at}.capture.${name}`, "A variable name is letters, digits, _ . -");
            if (typeof path !== "string" || (!/^\$\d$/.test(path) && parsePath(path) === null))
              problem(
                `${at}.capture.${name}`,
                'Capture with a JSON path such as "$.sid", or "$1" for a regex group',
              );
          }
      }
      return;
    case "wait":
      return checkDuration(s.wait, `${at}.wait`, problem);
    case "ping": {
      const ping = s.ping as Record<string, unknown>;
      if (!isRecord(ping))
        return problem(`${at}.ping`, "ping is an object: {count, interval, payload, match}");
      if (ping.count !== undefined && !isIntegerIn(ping.count, 1, ScenarioLimits.maxPingCount))
        problem(`${at}.ping.count`, `count is 1–${ScenarioLimits.maxPingCount}`);
      if (ping.interval !== undefined) checkDuration(ping.interval, `${at}.ping.interval`, problem);
      if (ping.timeout !== undefined) checkDuration(ping.timeout, `${at}.ping.timeout`, problem);
      if (ping.payload !== undefined)
        checkTemplateString(ping.payload, `${at}.ping.payload`, problem);
      if (ping.match !== undefined) checkMatcher(ping.match, `${at}.ping.match`, problem);
      for (const key of ["p99Below", "medianBelow"] as const)
        if (s[key] !== undefined && !(typeof s[key] === "number" && (s[key] as number) > 0))
          problem(`${at}.${key}`, `${key} is a number of milliseconds`);
      if (s.lossAtMost !== undefined && !isIntegerIn(s.lossAtMost, 0, ScenarioLimits.maxPingCount))
        problem(`${at}.lossAtMost`, "lossAtMost is a number of pings, 0 or more");
      return;
    }
    case "close": {
      const close = s.close;
      const code = typeof close === "number" ? close : isRecord(close) ? close.code : undefined;
      if (typeof close !== "number" && !isRecord(close))
        return problem(`${at}.close`, 'close is a code, or {"code": …, "reason": …}');
      if (code !== undefined && !isCloseCode(code))
        problem(`${at}.close`, "A close code is 1000 or 3000–4999");
      if (isRecord(close)) onlyFields(close, ["code", "reason"], `${at}.close`, "close", problem);
      if (isRecord(close) && close.reason !== undefined && typeof close.reason !== "string")
        problem(`${at}.close.reason`, "A close reason is text");
      return;
    }
    case "expectClose": {
      const expectClose = s.expectClose;
      if (!isRecord(expectClose))
        return problem(`${at}.expectClose`, 'expectClose is {"code": …, "within": …}');
      if (expectClose.code !== undefined && !isIntegerIn(expectClose.code, 1000, 4999))
        problem(`${at}.expectClose.code`, "A close code is 1000–4999");
      if (expectClose.within !== undefined)
        checkDuration(expectClose.within, `${at}.expectClose.within`, problem);
      return;
    }
    case "barrier":
      if (typeof s.barrier !== "string" || s.barrier === "")
        problem(`${at}.barrier`, "A barrier has a name");
      return;
  }
}

function checkPayload(payload: unknown, at: string, problem: Report) {
  if (typeof payload === "string") return checkTemplateString(payload, at, problem);
  if (!isRecord(payload))
    return problem(at, 'send takes text, or {"json": …}, {"hex": …} or {"base64": …}');
  const given = ["text", "json", "hex", "base64"].filter((key) => key in payload);
  if (given.length !== 1 || Object.keys(payload).length !== 1)
    return problem(at, 'send takes text, or one of {"json": …}, {"hex": …} or {"base64": …}');
  const p = payload as Exclude<ScenarioPayload, string> & Record<string, unknown>;
  if (p.text !== undefined) return checkTemplateString(p.text, `${at}.text`, problem);
  if ("json" in p) return checkTemplatesIn(p.json, `${at}.json`, problem);
  if (p.hex !== undefined) {
    if (typeof p.hex !== "string" || !isHex(p.hex))
      problem(`${at}.hex`, "hex is pairs of hex digits, spaces allowed");
    return;
  }
  if (p.base64 !== undefined) {
    if (typeof p.base64 !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(p.base64))
      problem(`${at}.base64`, "base64 is A–Z a–z 0–9 + / and = padding");
    return;
  }
  problem(at, 'send takes text, or {"json": …}, {"hex": …} or {"base64": …}');
}

/** Checks a matcher (also used for ping replies). */
export function checkMatcher(matcher: unknown, at: string, problem: Report) {
  if (!isRecord(matcher))
    return problem(at, `A matcher is an object with one of: ${MATCHER_KINDS.join(", ")}`);
  const kinds = MATCHER_KINDS.filter((kind) => matcher[kind] !== undefined);
  if (kinds.length !== 1)
    return problem(
      at,
      kinds.length === 0
        ? `A matcher needs one of: ${MATCHER_KINDS.join(", ")}`
        : `A matcher tests one thing, not ${kinds.join(" and ")}`,
    );
  for (const key of Object.keys(matcher).filter(
    (key) => !MATCHER_FIELDS[kinds[0] as MatcherKind].includes(key),
  ))
    problem(`${at}.${key}`, `A ${kinds[0]} matcher has no field "${key}"`);
  const m = matcher as ScenarioMatcher & Record<string, unknown>;
  switch (kinds[0]) {
    case "text":
    case "contains":
      return checkTemplateString(m[kinds[0]], `${at}.${kinds[0]}`, problem);
    case "regex": {
      if (typeof m.regex !== "string") return problem(`${at}.regex`, "regex is text");
      if (m.flags !== undefined && (typeof m.flags !== "string" || !/^[imsu]*$/.test(m.flags)))
        return problem(`${at}.flags`, "flags are any of i, m, s, u");
      {
        const why = regexProblem(m.regex, (m.flags as string | undefined) ?? "");
        if (why) problem(`${at}.regex`, why);
      }
      return;
    }
    case "json":
      return checkTemplatesIn(m.json, `${at}.json`, problem);
    case "path":
      if (typeof m.path !== "string" || parsePath(m.path) === null)
        return problem(`${at}.path`, 'A JSON path looks like $.op or $.items[0]["id"]');
      if (m.matches !== undefined) {
        if (typeof m.matches !== "string")
          return problem(`${at}.matches`, "matches is a regular expression");
        const why = regexProblem(m.matches);
        if (why) problem(`${at}.matches`, why);
      }
      return;
    case "hex":
      if (typeof m.hex !== "string" || !isHex(m.hex))
        problem(`${at}.hex`, "hex is pairs of hex digits, spaces allowed");
      return;
    case "any":
      if (m.any !== true) problem(`${at}.any`, "any is true");
      return;
  }
}

function checkTemplateString(value: unknown, at: string, problem: Report) {
  if (typeof value !== "string") return problem(at, "This is text");
  const template = compileTemplate(value);
  if (!template.ok) problem(at, template.error);
}

/** String values anywhere inside a JSON value are templates. */
function checkTemplatesIn(value: unknown, at: string, problem: Report) {
  if (typeof value === "string") return checkTemplateString(value, at, problem);
  if (Array.isArray(value))
    for (const [i, item] of value.entries()) checkTemplatesIn(item, `${at}[${i}]`, problem);
  else if (isRecord(value))
    for (const [key, item] of Object.entries(value))
      checkTemplatesIn(item, `${at}.${key}`, problem);
}

function checkProtocols(value: unknown, at: string, problem: Report) {
  if (value === undefined) return;
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string" && isToken(item)))
    problem(at, "protocols is a list of subprotocol names (no spaces or commas)");
}

function checkHeaders(value: unknown, at: string, problem: Report) {
  if (value === undefined) return;
  if (!Array.isArray(value)) return problem(at, 'headers is a list of ["Name", "value"] pairs');
  for (const [i, pair] of (value as unknown[]).entries()) {
    if (
      !Array.isArray(pair) ||
      pair.length !== 2 ||
      typeof pair[0] !== "string" ||
      typeof pair[1] !== "string"
    ) {
      problem(`${at}[${i}]`, 'A header is a ["Name", "value"] pair');
      continue;
    }
    const nameProblem = checkHeaderName(pair[0]);
    if (nameProblem) problem(`${at}[${i}][0]`, nameProblem);
    checkTemplateString(pair[1], `${at}[${i}][1]`, problem);
  }
}

function checkDuration(value: unknown, at: string, problem: Report) {
  if (!isIntegerIn(value, 0, ScenarioLimits.maxTimeoutMs))
    problem(at, `A duration is 0–${ScenarioLimits.maxTimeoutMs} ms`);
}

function onlyFields(
  value: Record<string, unknown>,
  allowed: string[],
  at: string,
  what: string,
  problem: Report,
) {
  for (const key of Object.keys(value))
    if (!allowed.includes(key)) problem(`${at}.${key}`, `${what} has no field "${key}"`);
}

function optionalString(value: Record<string, unknown>, key: string, at: string, problem: Report) {
  if (value[key] !== undefined && typeof value[key] !== "string")
    problem(at === "" ? key : `${at}.${key}`, `${key} is text`);
}

function isCloseCode(code: unknown): boolean {
  return (
    typeof code === "number" &&
    (code === 1000 || (Number.isInteger(code) && code >= 3000 && code <= 4999))
  );
}

function isIntegerIn(value: unknown, min: number, max: number): boolean {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

/** Bytes as pairs of hex digits; spaces may sit between bytes, not inside one. */
function isHex(text: string): boolean {
  return /^\s*(?:[0-9a-fA-F]{2}\s*)*$/.test(text);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
