/**
 * The scenario schema, in code: what `scenario.schema.json` says, with messages that name the
 * field, its line and its column. Everything that is a template is compiled here, so a bad
 * placeholder is found before a run, not in the middle of one.
 */
import { checkHeaderName, isToken } from "../headers.ts";
import { regexProblem } from "../regex.ts";
import { regexRisk } from "../regex-risk.ts";
import { parsePath } from "../tap-rules.ts";
import { compileTemplate } from "../templates.ts";
import { parseLocatedJson, prefixes } from "./located-json.ts";
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
  /** Longest scenario text, in UTF-16 units (a file of at most this many bytes fits). */
  maxChars: 8 * 1024 * 1024,
  /** Problems listed; the rest are counted. */
  maxProblems: 50,
} as const;

/** Deepest JSON value inside a step (the scenario's own levels come on top). */
const MAX_VALUE_DEPTH = 56;

/** What a step can be: the one key that names its kind. */
export const STEP_KINDS = [
  "send",
  "expect",
  "wait",
  "ping",
  "close",
  "expectClose",
  "barrier",
  "emit",
  "subscribe",
  "call",
] as const;
type StepKind = (typeof STEP_KINDS)[number];
/** The fields each kind of step may have (besides `name`). */
const STEP_FIELDS: Record<StepKind, string[]> = {
  send: ["send"],
  expect: ["expect", "within", "skip", "capture", "wire"],
  wait: ["wait"],
  ping: ["ping", "p99Below", "medianBelow", "lossAtMost"],
  close: ["close"],
  expectClose: ["expectClose"],
  barrier: ["barrier"],
  emit: ["emit", "expectAck", "within", "capture"],
  subscribe: ["subscribe", "expectNext", "match", "within", "complete"],
  call: ["call", "expectResult", "expectError", "within", "capture"],
};
/** The protocol each protocol step needs its client to speak. */
export const STEP_PROTOCOL = {
  emit: "socketio",
  subscribe: "graphql-ws",
  call: "jsonrpc",
} as const satisfies Partial<Record<StepKind, ScenarioProtocolName>>;

/** What to say about a protocol step on a client that does not speak its protocol. */
export function needsProtocol(kind: keyof typeof STEP_PROTOCOL): string {
  return `${kind === "emit" ? "An" : "A"} ${kind} step needs "protocol": "${STEP_PROTOCOL[kind]}" on its client or the scenario`;
}
const PROTOCOL_NAMES = ["raw", "socketio", "graphql-ws", "jsonrpc"] as const;
type ScenarioProtocolName = (typeof PROTOCOL_NAMES)[number];
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
  if (text.length > ScenarioLimits.maxChars)
    return {
      ok: false,
      problems: [{ path: "", message: tooBig(text.length), line: 1, column: 1 }],
    };
  const located = parseLocatedJson(text);
  if (!located.ok)
    return { ok: false, problems: [{ path: "", message: located.message, ...located.position }] };
  const checked = checkScenario(located.value);
  if (checked.ok) return checked;
  // Each problem at its path, or at the nearest enclosing value that has a position.
  const positions = located.positionsOf(checked.problems.flatMap(({ path }) => prefixes(path)));
  return {
    ok: false,
    problems: checked.problems.map((problem) => {
      const path = prefixes(problem.path).find((prefix) => positions.has(prefix));
      return { ...problem, ...(path === undefined ? {} : positions.get(path)) };
    }),
  };
}

/** Why a scenario of `size` characters (or bytes) is refused. */
export function tooBig(size: number): string {
  const mb = (n: number) => `${(n / (1024 * 1024)).toFixed(1)} MB`;
  return `The scenario is ${mb(size)}; a scenario is at most ${mb(ScenarioLimits.maxChars)}`;
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
  const scenarioProtocol = checkProtocol(value.protocol, "protocol", problem);
  if (value.vars !== undefined && !isRecord(value.vars))
    problem("vars", "vars is an object of names and values");
  else if (value.vars !== undefined && tooDeep(value.vars, 2))
    problem("vars", `vars nests deeper than ${MAX_VALUE_DEPTH} levels`);
  if (value.timeoutMs !== undefined) checkDuration(value.timeoutMs, "timeoutMs", problem);

  const hasSteps = value.steps !== undefined;
  const hasClients = value.clients !== undefined;
  if (hasSteps === hasClients)
    problem("", 'A scenario has either "steps" (one client) or "clients" (several)');
  if (hasSteps) {
    if (value.url === undefined) problem("url", "A scenario with steps needs a url");
    checkSteps(value.steps, "steps", problem, scenarioProtocol);
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
        const spoken =
          client.protocol !== undefined
            ? checkProtocol(client.protocol, `${at}.protocol`, problem)
            : scenarioProtocol;
        checkSteps(client.steps, `${at}.steps`, problem, spoken);
      }
    }
  }
  if (problems.length === 0) return { ok: true, scenario: value as Scenario };
  // The first ones are enough to act on; a list of thousands would bury the editor.
  if (problems.length > ScenarioLimits.maxProblems)
    return {
      ok: false,
      problems: [
        ...problems.slice(0, ScenarioLimits.maxProblems),
        {
          path: "",
          message: `${problems.length - ScenarioLimits.maxProblems} more problems are not listed`,
        },
      ],
    };
  return { ok: false, problems };
}

type Report = (path: string, message: string) => void;

function checkSteps(
  steps: unknown,
  at: string,
  problem: Report,
  protocol: ScenarioProtocolName | undefined = undefined,
) {
  if (!Array.isArray(steps)) return problem(at, "steps is a list");
  if (steps.length > ScenarioLimits.maxSteps)
    return problem(at, `At most ${ScenarioLimits.maxSteps} steps`);
  const barriers = new Set<string>();
  for (const [i, step] of steps.entries()) {
    checkStep(step, `${at}[${i}]`, problem, protocol);
    // A barrier opens once, when every client that names it has come: a second one of the
    // same name would not wait at all.
    const barrier = isRecord(step) ? step.barrier : undefined;
    if (typeof barrier !== "string" || barrier === "") continue;
    if (barriers.has(barrier))
      problem(
        `${at}[${i}].barrier`,
        `Barrier ${barrier} comes twice in these steps: give each barrier its own name`,
      );
    barriers.add(barrier);
  }
}

/**
 * Checks a scenario's or client's `protocol`: a name, or `{"name": …}` with the protocol's
 * options. Returns the name (undefined when absent or not valid).
 */
function checkProtocol(
  value: unknown,
  at: string,
  problem: Report,
): ScenarioProtocolName | undefined {
  if (value === undefined) return undefined;
  const names = PROTOCOL_NAMES.join(", ");
  if (typeof value === "string") {
    if ((PROTOCOL_NAMES as readonly string[]).includes(value)) return value as ScenarioProtocolName;
    problem(at, `protocol is one of ${names}`);
    return undefined;
  }
  if (!isRecord(value)) {
    problem(at, `protocol is one of ${names}, or {"name": …} with its options`);
    return undefined;
  }
  if (value.name === "socketio") {
    onlyFields(value, ["name", "namespace", "auth"], at, "A socketio protocol", problem);
    if (
      value.namespace !== undefined &&
      (typeof value.namespace !== "string" || !/^\/[^,\s]*$/.test(value.namespace))
    )
      problem(`${at}.namespace`, "A namespace starts with /, like /chat, and has no commas");
    if (value.auth !== undefined) {
      if (!isRecord(value.auth)) problem(`${at}.auth`, "auth is a JSON object");
      else checkTemplatesIn(value.auth, `${at}.auth`, problem);
    }
    return "socketio";
  }
  if (value.name === "graphql-ws") {
    onlyFields(value, ["name", "initPayload"], at, "A graphql-ws protocol", problem);
    if (value.initPayload !== undefined) {
      if (!isRecord(value.initPayload))
        problem(`${at}.initPayload`, "initPayload is a JSON object");
      else checkTemplatesIn(value.initPayload, `${at}.initPayload`, problem);
    }
    return "graphql-ws";
  }
  problem(`${at}.name`, 'With options, protocol is {"name": "socketio"} or {"name": "graphql-ws"}');
  return undefined;
}

function checkStep(
  step: unknown,
  at: string,
  problem: Report,
  protocol: ScenarioProtocolName | undefined = undefined,
) {
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
  const kind = kinds[0] as StepKind;
  if (kind in STEP_PROTOCOL && protocol !== STEP_PROTOCOL[kind as keyof typeof STEP_PROTOCOL])
    problem(`${at}.${kind}`, needsProtocol(kind as keyof typeof STEP_PROTOCOL));
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
      if (s.wire !== undefined) checkWire(s.wire, `${at}.wire`, problem);
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
    case "emit":
    case "subscribe":
    case "call":
      return checkProtocolStep(kinds[0], s, at, problem);
  }
}

/** A protocol step's captures: names and JSON paths into the reply (no regex groups). */
function checkCapture(capture: unknown, at: string, problem: Report) {
  if (!isRecord(capture)) return problem(at, 'capture maps names to JSON paths: {"sum": "$"}');
  for (const [name, path] of Object.entries(capture)) {
    if (!/^[A-Za-z_][\w.-]*$/.test(name))
      problem(`${at}.${name}`, "A variable name is letters, digits, _ . -");
    if (typeof path !== "string" || parsePath(path) === null)
      problem(`${at}.${name}`, 'Capture with a JSON path such as "$[0]" or "$.id"');
  }
}

/** Checks an emit, subscribe or call step's own fields. */
function checkProtocolStep(
  kind: "emit" | "subscribe" | "call",
  s: Record<string, unknown>,
  at: string,
  problem: Report,
) {
  const body = s[kind];
  if (s.within !== undefined) checkDuration(s.within, `${at}.within`, problem);
  if (s.capture !== undefined) checkCapture(s.capture, `${at}.capture`, problem);
  if (kind === "emit") {
    if (!isRecord(body))
      return problem(`${at}.emit`, 'emit is {"event": …, "args": [...], "namespace": …}');
    onlyFields(body, ["event", "args", "namespace"], `${at}.emit`, "emit", problem);
    if (typeof body.event !== "string" || body.event === "")
      problem(`${at}.emit.event`, "Name the event");
    else checkTemplateString(body.event, `${at}.emit.event`, problem);
    if (body.args !== undefined) {
      if (!Array.isArray(body.args)) problem(`${at}.emit.args`, "args is a JSON array");
      else {
        checkTemplatesIn(body.args, `${at}.emit.args`, problem);
        // checkTemplatesIn has said so when the arguments nest too deep (or refer to themselves).
        if (!tooDeep(body.args, 3)) checkBytesIn(body.args, `${at}.emit.args`, problem);
      }
    }
    if (
      body.namespace !== undefined &&
      (typeof body.namespace !== "string" || !/^\/[^,\s]*$/.test(body.namespace))
    )
      problem(`${at}.emit.namespace`, "A namespace starts with /, like /chat, and has no commas");
    if (s.expectAck !== undefined && s.expectAck !== true)
      checkMatcher(s.expectAck, `${at}.expectAck`, problem);
    if (s.capture !== undefined && s.expectAck === undefined)
      problem(`${at}.capture`, "Captures read the ack: add expectAck");
    return;
  }
  if (kind === "subscribe") {
    if (!isRecord(body))
      return problem(`${at}.subscribe`, 'subscribe is {"query": …, "variables": {…}}');
    onlyFields(
      body,
      ["query", "variables", "operationName"],
      `${at}.subscribe`,
      "subscribe",
      problem,
    );
    if (typeof body.query !== "string" || body.query.trim() === "")
      problem(`${at}.subscribe.query`, "Write the query");
    else checkTemplateString(body.query, `${at}.subscribe.query`, problem);
    if (body.variables !== undefined) {
      if (!isRecord(body.variables))
        problem(`${at}.subscribe.variables`, "variables is a JSON object");
      else checkTemplatesIn(body.variables, `${at}.subscribe.variables`, problem);
    }
    if (body.operationName !== undefined)
      checkTemplateString(body.operationName, `${at}.subscribe.operationName`, problem);
    if (s.expectNext !== undefined && !isIntegerIn(s.expectNext, 1, ScenarioLimits.maxPingCount))
      problem(`${at}.expectNext`, `expectNext is 1–${ScenarioLimits.maxPingCount}`);
    if (s.match !== undefined) checkMatcher(s.match, `${at}.match`, problem);
    if (s.complete !== undefined && typeof s.complete !== "boolean")
      problem(`${at}.complete`, "complete is true or false");
    return;
  }
  if (!isRecord(body))
    return problem(`${at}.call`, 'call is {"method": …, "params": [...] or {...}}');
  onlyFields(body, ["method", "params", "notification"], `${at}.call`, "call", problem);
  if (typeof body.method !== "string" || body.method === "")
    problem(`${at}.call.method`, "Name the method");
  else checkTemplateString(body.method, `${at}.call.method`, problem);
  if (body.params !== undefined) {
    if (typeof body.params !== "object" || body.params === null)
      problem(`${at}.call.params`, "params is a JSON array or object");
    else checkTemplatesIn(body.params, `${at}.call.params`, problem);
  }
  if (body.notification !== undefined && typeof body.notification !== "boolean")
    problem(`${at}.call.notification`, "notification is true or false");
  if (s.expectResult !== undefined) checkMatcher(s.expectResult, `${at}.expectResult`, problem);
  if (s.expectError !== undefined) {
    const error = s.expectError;
    if (error !== true && !isRecord(error))
      problem(`${at}.expectError`, 'expectError is true, or {"code": -32601}');
    else if (isRecord(error)) {
      onlyFields(error, ["code"], `${at}.expectError`, "expectError", problem);
      if (error.code !== undefined && !Number.isInteger(error.code))
        problem(`${at}.expectError.code`, "An error code is an integer");
    }
  }
  if (s.expectResult !== undefined && s.expectError !== undefined)
    problem(`${at}`, "A call expects a result or an error, not both");
  if (body.notification === true && (s.expectResult !== undefined || s.expectError !== undefined))
    problem(`${at}.call.notification`, "A notification gets no response to expect");
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
  // Patterns that could freeze the worker with backtracking (see regex-risk.ts).
  for (const field of ["regex", "matches"]) {
    const risk = typeof m[field] === "string" ? regexRisk(m[field]) : undefined;
    if (risk) problem(`${at}.${field}`, risk);
  }
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
      if (m.equals !== undefined) checkTemplatesIn(m.equals, `${at}.equals`, problem);
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

/** `{"$bytes": "<hex>"}` in emit arguments is a binary attachment: its hex must be whole bytes. */
function checkBytesIn(value: unknown, at: string, problem: Report) {
  if (Array.isArray(value))
    for (const [i, item] of value.entries()) checkBytesIn(item, `${at}[${i}]`, problem);
  else if (isRecord(value)) {
    const keys = Object.keys(value);
    if (keys.length === 1 && keys[0] === "$bytes") {
      if (typeof value.$bytes !== "string" || !isHex(value.$bytes))
        problem(`${at}.$bytes`, "$bytes is pairs of hex digits, spaces allowed");
    } else
      for (const [key, item] of Object.entries(value)) checkBytesIn(item, `${at}.${key}`, problem);
  }
}

/**
 * String values anywhere inside a JSON value are templates. The depth is bounded here, not
 * only by the parser: a value built in code (`assertScenario`) may nest 100,000 deep or refer
 * to itself, and the runner and the exports walk it recursively.
 */
function checkTemplatesIn(value: unknown, at: string, problem: Report, depth = 1) {
  if (typeof value === "string") return checkTemplateString(value, at, problem);
  if (value === null || typeof value !== "object") return;
  if (depth > MAX_VALUE_DEPTH)
    return problem(at, `This value nests deeper than ${MAX_VALUE_DEPTH} levels`);
  if (Array.isArray(value))
    for (const [i, item] of value.entries())
      checkTemplatesIn(item, `${at}[${i}]`, problem, depth + 1);
  else if (isRecord(value))
    for (const [key, item] of Object.entries(value))
      checkTemplatesIn(item, `${at}.${key}`, problem, depth + 1);
}

/** Whether `value` (at `depth`) nests deeper than MAX_VALUE_DEPTH; stops there, so cycles end. */
function tooDeep(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== "object") return false;
  if (depth > MAX_VALUE_DEPTH) return true;
  return Object.values(value).some((item) => tooDeep(item, depth + 1));
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

/** Checks an expect step's `wire`: {compressed, bytesAtMost, ratioAtMost}. */
function checkWire(value: unknown, at: string, problem: Report) {
  if (!isRecord(value))
    return problem(at, 'wire is {"compressed": …, "bytesAtMost": …, "ratioAtMost": …}');
  onlyFields(value, ["compressed", "bytesAtMost", "ratioAtMost"], at, "wire", problem);
  if (value.compressed !== undefined && typeof value.compressed !== "boolean")
    problem(`${at}.compressed`, "compressed is true or false");
  if (
    value.bytesAtMost !== undefined &&
    !isIntegerIn(value.bytesAtMost, 0, Number.MAX_SAFE_INTEGER)
  )
    problem(`${at}.bytesAtMost`, "bytesAtMost is a number of bytes, 0 or more");
  if (
    value.ratioAtMost !== undefined &&
    !(typeof value.ratioAtMost === "number" && value.ratioAtMost > 0 && value.ratioAtMost <= 1)
  )
    problem(`${at}.ratioAtMost`, "ratioAtMost is a share of the size, more than 0 and at most 1");
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
