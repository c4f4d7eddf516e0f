import { readFileSync } from "node:fs";
import Ajv2020 from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkScenario } from "../../../echo-server/protocol/scenario/schema.ts";

/**
 * The JSON Schema (for editors) and the checks in code (for messages with line and column) must
 * accept the same scenarios. The code checks more than a schema can say (templates compile,
 * regexes compile, client names are unique, a client meets each barrier once), so only those
 * are left out of the generators.
 */
const schema = JSON.parse(
  readFileSync(
    new URL("../../../echo-server/protocol/scenario/scenario.schema.json", import.meta.url),
    "utf8",
  ),
);
const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema);

const matcher = fc.oneof(
  fc.record({ text: fc.constantFrom("hi", "{{seq}}") }),
  fc.record({ contains: fc.constant("x") }),
  fc.record(
    { regex: fc.constant("^a+$"), flags: fc.constantFrom("i", "ms", "q") },
    { requiredKeys: ["regex"] },
  ),
  fc.record({ json: fc.jsonValue({ maxDepth: 2 }) }),
  fc.record(
    { path: fc.constantFrom("$.op", "$.a[0]"), equals: fc.jsonValue({ maxDepth: 1 }) },
    { requiredKeys: ["path"] },
  ),
  fc.record({ hex: fc.constantFrom("00ff", "0 0", "zz") }),
  fc.record({ any: fc.constantFrom(true, false) }),
  fc.record({ text: fc.constant("a"), json: fc.constant(1) }),
  fc.record({ unknown: fc.constant(1) }),
);
const step = fc.oneof(
  fc.record({
    send: fc.oneof(
      fc.constant("hi"),
      fc.record({ json: fc.jsonValue({ maxDepth: 2 }) }),
      fc.record({ hex: fc.constantFrom("0a0b", "xyz") }),
      fc.record({ base64: fc.constantFrom("AAE=", "*") }),
    ),
  }),
  fc.record(
    {
      expect: matcher,
      within: fc.oneof(fc.nat(700_000), fc.constant(-1)),
      skip: fc.boolean(),
      capture: fc.dictionary(fc.constantFrom("sid", "1bad"), fc.constantFrom("$.sid", "sid", "$1")),
      wire: fc.record(
        {
          compressed: fc.constantFrom(true, "no"),
          bytesAtMost: fc.oneof(fc.nat(100), fc.constant(-1)),
          ratioAtMost: fc.constantFrom(0.5, 1, 0, 2),
          other: fc.constant(1),
        },
        { requiredKeys: [] },
      ),
    },
    { requiredKeys: ["expect"] },
  ),
  fc.record({ wait: fc.oneof(fc.nat(1000), fc.constant(-5)) }),
  fc.record(
    {
      ping: fc.record(
        { count: fc.integer({ min: 0, max: 20 }), interval: fc.nat(50), match: matcher },
        { requiredKeys: [] },
      ),
      lossAtMost: fc.integer({ min: -1, max: 3 }),
      p99Below: fc.constantFrom(50, 0),
    },
    { requiredKeys: ["ping"] },
  ),
  fc.record({
    close: fc.oneof(
      fc.constantFrom(1000, 4001, 1006),
      fc.record(
        { code: fc.constantFrom(1000, 2000), reason: fc.constant("bye") },
        { requiredKeys: [] },
      ),
    ),
  }),
  fc.record({
    expectClose: fc.record(
      { code: fc.constantFrom(1000, 4001, 999), within: fc.nat(100) },
      { requiredKeys: [] },
    ),
  }),
  fc.record({ barrier: fc.constantFrom("joined", "") }),
  fc.record({ send: fc.constant("a"), wait: fc.constant(1) }),
  fc.record({ send: fc.constant("a"), withn: fc.constant(1) }),
);
const scenario = fc.record(
  {
    name: fc.constant("s"),
    url: fc.constant("ws://127.0.0.1:7777/echo"),
    protocols: fc.constantFrom(["chat"], ["a b"]),
    headers: fc.constantFrom([["X-Key", "{{env.KEY}}"]], [["Bad Name", "x"]]),
    timeoutMs: fc.constantFrom(1000, -1),
    steps: fc
      .array(step, { maxLength: 4 })
      .filter((steps) => steps.filter((s) => "barrier" in s && s.barrier !== "").length < 2),
  },
  { requiredKeys: ["url", "steps"] },
);

/** Protocol steps, each with the protocol it needs (a schema cannot tie the two together). */
const within = fc.oneof(fc.nat(1000), fc.constant(-1));
const capture = fc.dictionary(fc.constantFrom("a", "1bad"), fc.constantFrom("$[0]", "$", "x"));
const emitStep = fc.record(
  {
    emit: fc.record(
      {
        event: fc.constantFrom("echo", "{{vars.e}}", ""),
        args: fc.constantFrom([], ["x", { n: 1 }], "not a list"),
        namespace: fc.constantFrom("/", "/secure", "chat", "/a,b"),
      },
      { requiredKeys: ["event"] },
    ),
    expectAck: fc.oneof(fc.constant(true), fc.constant(false), matcher),
    within,
    capture,
  },
  { requiredKeys: ["emit"] },
);
const subscribeStep = fc.record(
  {
    subscribe: fc.record(
      {
        query: fc.constantFrom("subscription { tick }", "  "),
        variables: fc.constantFrom({ n: 1 }, [1]),
        operationName: fc.constantFrom("Ticks", 3),
      },
      { requiredKeys: ["query"] },
    ),
    expectNext: fc.integer({ min: -1, max: 3 }),
    match: matcher,
    within,
    complete: fc.constantFrom(true, false, "yes"),
  },
  { requiredKeys: ["subscribe"] },
);
const callStep = fc.record(
  {
    call: fc.record(
      {
        method: fc.constantFrom("add", ""),
        params: fc.constantFrom([1, 2], { a: 1 }, 3),
        notification: fc.boolean(),
      },
      { requiredKeys: ["method"] },
    ),
    expectResult: matcher,
    expectError: fc.constantFrom(true, false, { code: -32601 }, { code: 1.5 }, {}),
    within,
    capture,
  },
  { requiredKeys: ["call"] },
);
const protocolScenario = fc.oneof(
  fc.record({
    url: fc.constant("ws://h/socket.io/"),
    protocol: fc.constantFrom(
      "socketio",
      { name: "socketio", namespace: "/secure", auth: { token: "{{env.T}}" } },
      { name: "socketio", namespace: "bad" },
      { name: "socketio", auth: "x" },
      { name: "socketio", extra: 1 },
    ),
    steps: fc.array(emitStep, { maxLength: 3 }),
  }),
  fc.record({
    url: fc.constant("ws://h/graphql"),
    protocol: fc.constantFrom(
      "graphql-ws",
      { name: "graphql-ws", initPayload: { a: 1 } },
      {
        name: "graphql-ws",
        initPayload: 3,
      },
    ),
    steps: fc.array(subscribeStep, { maxLength: 3 }),
  }),
  fc.record({
    url: fc.constant("ws://h/jsonrpc"),
    protocol: fc.constantFrom("jsonrpc", "json-rpc", { name: "jsonrpc" }),
    steps: fc.array(callStep, { maxLength: 3 }),
  }),
);

describe("scenario.schema.json and checkScenario agree", () => {
  it("on generated scenarios that speak a protocol, valid and not", () => {
    fc.assert(
      fc.property(protocolScenario, (value) => {
        const byCode = checkScenario(value).ok;
        const bySchema = validate(value) as boolean;
        expect({
          byCode,
          bySchema,
          errors: bySchema ? [] : validate.errors?.slice(0, 3),
        }).toMatchObject({ byCode: bySchema });
      }),
      { numRuns: 2000 },
    );
  });

  it("on generated scenarios, valid and not", () => {
    fc.assert(
      fc.property(scenario, (value) => {
        const byCode = checkScenario(value).ok;
        const bySchema = validate(value) as boolean;
        expect({
          byCode,
          bySchema,
          errors: bySchema ? [] : validate.errors?.slice(0, 3),
        }).toMatchObject({ byCode: bySchema });
      }),
      { numRuns: 2000 },
    );
  });

  it.each([
    [{ url: "ws://h/", steps: [] }, true],
    [{ clients: [{ name: "a", url: "ws://h/", steps: [{ barrier: "b" }] }] }, true],
    [{ steps: [] }, false],
    [{ url: "ws://h/", steps: [], clients: [] }, false],
    [
      {
        url: "ws://h/",
        steps: [{ expect: { text: "a" }, within: 5, skip: true, capture: { a: "$.a" } }],
      },
      true,
    ],
    [
      {
        url: "ws://h/socket.io/",
        protocol: { name: "socketio", namespace: "/secure", auth: { token: "{{env.T}}" } },
        steps: [
          {
            emit: { event: "echo", args: ["x"] },
            expectAck: { json: ["x"] },
            capture: { a: "$[0]" },
          },
          { emit: { event: "note" } },
        ],
      },
      true,
    ],
    [
      {
        url: "ws://h/graphql",
        protocol: "graphql-ws",
        steps: [
          {
            subscribe: { query: "subscription { tick }", variables: { n: 1 } },
            expectNext: 3,
            match: { path: "$.data.tick" },
            complete: false,
          },
        ],
      },
      true,
    ],
    [
      {
        url: "ws://h/jsonrpc",
        protocol: "jsonrpc",
        steps: [
          {
            call: { method: "add", params: [1, 2] },
            expectResult: { json: 3 },
            capture: { s: "$" },
          },
          { call: { method: "fail" }, expectError: { code: -32000 } },
          { call: { method: "log", notification: true } },
        ],
      },
      true,
    ],
    [
      {
        url: "ws://h/jsonrpc",
        protocol: "jsonrpc",
        steps: [{ call: { method: "log", notification: true }, expectResult: { any: true } }],
      },
      false,
    ],
  ])("%j", (value, valid) => {
    expect(checkScenario(value).ok).toBe(valid);
    expect(validate(value)).toBe(valid);
  });
});
