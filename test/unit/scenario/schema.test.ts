import { describe, expect, it } from "vitest";
import { parseLocatedJson } from "../../../echo-server/protocol/scenario/located-json.ts";
import { checkScenario, parseScenario } from "../../../echo-server/protocol/scenario/schema.ts";

describe("parseLocatedJson", () => {
  it("remembers where each value starts", () => {
    const parsed = parseLocatedJson(
      '{\n  "steps": [\n    {"send": "hi"},\n    {"wait": 5}\n  ]\n}',
    );
    expect(parsed.ok && parsed.value).toEqual({ steps: [{ send: "hi" }, { wait: 5 }] });
    if (!parsed.ok) return;
    expect(parsed.positionOf("steps[1].wait")).toEqual({ line: 4, column: 14 });
    expect(parsed.positionOf("steps[0]")).toEqual({ line: 3, column: 5 });
    expect(parsed.positionOf("nope")).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 'Expected a property name in double quotes but found "}"', 1, 9],
    ['{\n  "a": tru\n}', 'Expected a value but found "t"', 2, 8],
    ['{"a": "x', "A string is not closed", 1, 7],
    ["[1] 2", 'Unexpected "2" after the document', 1, 5],
    ["", "Expected a value but found the end of the text", 1, 1],
    ["[".repeat(100), "The document nests deeper than 64 levels", 1, 1],
  ])("%j: %s at %i:%i", (text, message, line, column) => {
    expect(parseLocatedJson(text)).toEqual({ ok: false, message, position: { line, column } });
  });

  it("agrees with JSON.parse and keeps __proto__ as a plain key", () => {
    const text = '{"__proto__": {"polluted": true}, "a": [1.5e3, -0, "é\\n", null, false]}';
    const parsed = parseLocatedJson(text);
    expect(parsed.ok && parsed.value).toEqual(JSON.parse(text));
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("parseScenario names the field, its line and its column", () => {
  const scenario = (steps: string) =>
    `{\n  "url": "ws://127.0.0.1:7777/echo",\n  "steps": [\n    ${steps}\n  ]\n}`;
  it.each([
    [
      '{"send": "hi"}, {"expect": {"text": "hi"}, "within": "soon"}',
      "steps[1].within",
      "A duration is 0–600000 ms",
      4,
      58,
    ],
    ['{"send": "hi", "wait": 3}', "steps[0]", "A step does one thing, not send and wait", 4, 5],
    [
      '{"say": "hi"}',
      "steps[0]",
      "A step needs one of: send, expect, wait, ping, close, expectClose, barrier, emit, subscribe, call",
      4,
      5,
    ],
    [
      '{"send": "{{nope}}"}',
      "steps[0].send",
      "Unknown placeholder {{nope}}: use seq, now, iso, uuid, random:min:max, hex:n, env.NAME or vars.name (\\{{ writes braces)",
      4,
      14,
    ],
    [
      '{"expect": {"regex": "("}}',
      "steps[0].expect.regex",
      "Not a valid regular expression: /(/: Unterminated group",
      4,
      26,
    ],
    [
      '{"expect": {"text": "a", "json": {}}}',
      "steps[0].expect",
      "A matcher tests one thing, not text and json",
      4,
      16,
    ],
    [
      '{"expect": {"path": "op"}}',
      "steps[0].expect.path",
      'A JSON path looks like $.op or $.items[0]["id"]',
      4,
      25,
    ],
    [
      '{"expect": {"any": true}, "capture": {"sid": "sid"}}',
      "steps[0].capture.sid",
      'Capture with a JSON path such as "$.sid", or "$1" for a regex group',
      4,
      50,
    ],
    [
      '{"send": {"hex": "0g"}}',
      "steps[0].send.hex",
      "hex is pairs of hex digits, spaces allowed",
      4,
      22,
    ],
    ['{"close": 1006}', "steps[0].close", "A close code is 1000 or 3000–4999", 4, 15],
    ['{"ping": {"count": 0}}', "steps[0].ping.count", "count is 1–10000", 4, 24],
  ])("%s", (steps, path, message, line, column) => {
    const checked = parseScenario(scenario(steps));
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.problems).toEqual([{ path, message, line, column }]);
  });

  it("lists every problem, and whole-scenario ones at the top", () => {
    const checked = parseScenario('{"steps": [], "clients": [], "timeoutMs": -1}');
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.problems.map(({ path, message }) => `${path}: ${message}`)).toEqual([
        "timeoutMs: A duration is 0–600000 ms",
        ': A scenario has either "steps" (one client) or "clients" (several)',
        "url: A scenario with steps needs a url",
        "clients: clients is a list of at least one client",
      ]);
  });

  it("checks clients: names, urls and headers", () => {
    const checked = parseScenario(
      JSON.stringify({
        clients: [
          { name: "a", steps: [] },
          { name: "a", url: "ws://h/", headers: [["Bad Name", "x"]], steps: [] },
        ],
      }),
    );
    expect(checked.ok).toBe(false);
    if (!checked.ok)
      expect(checked.problems.map(({ path, message }) => `${path}: ${message}`)).toEqual([
        "clients[0].url: This client needs a url (or give the scenario one)",
        "clients[1].name: Two clients are named a",
        'clients[1].headers[0][0]: "Bad Name" is not a valid header name: use letters, digits and ! # $ % & \' * + - . ^ _ ` | ~',
      ]);
  });

  it("accepts the example from the issue", () => {
    const checked = parseScenario(
      JSON.stringify({
        url: "ws://127.0.0.1:7777/echo",
        protocols: [],
        headers: [["X-Key", "{{env.KEY}}"]],
        steps: [
          { send: "hi" },
          { expect: { text: "hi" }, within: 1000 },
          { send: { json: { op: "sub", id: "{{uuid}}" } } },
          { expect: { json: { op: "ack" } }, capture: { sid: "$.sid" }, within: 2000 },
          { close: 1000 },
        ],
      }),
    );
    expect(checked.ok).toBe(true);
  });
});

describe("protocol steps and the protocol they need", () => {
  const check = (value: unknown) => {
    const checked = checkScenario(value);
    return checked.ok ? [] : checked.problems.map((p) => `${p.path}: ${p.message}`);
  };

  it.each([
    [
      "an emit on a raw client",
      { url: "ws://h/", steps: [{ emit: { event: "echo" } }] },
      ['steps[0].emit: An emit step needs "protocol": "socketio" on its client or the scenario'],
    ],
    [
      "a call on a Socket.IO client",
      { url: "ws://h/", protocol: "socketio", steps: [{ call: { method: "a" } }] },
      ['steps[0].call: A call step needs "protocol": "jsonrpc" on its client or the scenario'],
    ],
    [
      "a client's protocol over the scenario's",
      {
        url: "ws://h/",
        protocol: "jsonrpc",
        clients: [
          { name: "a", protocol: "graphql-ws", steps: [{ subscribe: { query: "{ a }" } }] },
          { name: "b", steps: [{ subscribe: { query: "{ a }" } }] },
        ],
      },
      [
        'clients[1].steps[0].subscribe: A subscribe step needs "protocol": "graphql-ws" on its client or the scenario',
      ],
    ],
    [
      "an unknown protocol",
      { url: "ws://h/", protocol: "stomp", steps: [] },
      ["protocol: protocol is one of raw, socketio, graphql-ws, jsonrpc"],
    ],
    [
      "options of an unknown protocol",
      { url: "ws://h/", protocol: { name: "mqtt" }, steps: [] },
      ['protocol.name: With options, protocol is {"name": "socketio"} or {"name": "graphql-ws"}'],
    ],
    [
      "a bad namespace and auth",
      { url: "ws://h/", protocol: { name: "socketio", namespace: "chat", auth: [] }, steps: [] },
      [
        "protocol.namespace: A namespace starts with /, like /chat, and has no commas",
        "protocol.auth: auth is a JSON object",
      ],
    ],
    [
      "an emit without an event, a capture without an ack",
      {
        url: "ws://h/",
        protocol: "socketio",
        steps: [{ emit: { event: "", args: "x" }, capture: { a: "b" } }],
      },
      [
        'steps[0].capture.a: Capture with a JSON path such as "$[0]" or "$.id"',
        "steps[0].emit.event: Name the event",
        "steps[0].emit.args: args is a JSON array",
        "steps[0].capture: Captures read the ack: add expectAck",
      ],
    ],
    [
      "bytes in emit arguments that are not whole hex bytes",
      {
        url: "ws://h/",
        protocol: "socketio",
        steps: [{ emit: { event: "up", args: [{ $bytes: "abc" }, { file: { $bytes: 7 } }] } }],
      },
      [
        "steps[0].emit.args[0].$bytes: $bytes is pairs of hex digits, spaces allowed",
        "steps[0].emit.args[1].file.$bytes: $bytes is pairs of hex digits, spaces allowed",
      ],
    ],
    [
      "a subscribe with no query and zero nexts",
      {
        url: "ws://h/",
        protocol: "graphql-ws",
        steps: [{ subscribe: { query: " ", variables: [] }, expectNext: 0, complete: "no" }],
      },
      [
        "steps[0].subscribe.query: Write the query",
        "steps[0].subscribe.variables: variables is a JSON object",
        "steps[0].expectNext: expectNext is 1–10000",
        "steps[0].complete: complete is true or false",
      ],
    ],
    [
      "a notification that expects a result, and a template that does not compile",
      {
        url: "ws://h/",
        protocol: "jsonrpc",
        steps: [
          { call: { method: "log", notification: true }, expectResult: { any: true } },
          { call: { method: "{{nope" }, expectResult: { any: true }, expectError: true },
        ],
      },
      [
        "steps[0].call.notification: A notification gets no response to expect",
        expect.stringMatching(/^steps\[1\]\.call\.method: /),
        "steps[1]: A call expects a result or an error, not both",
      ],
    ],
  ])("%s", (_name, value, problems) => {
    expect(check(value)).toEqual(problems);
  });
});
