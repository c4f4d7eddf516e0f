import { describe, expect, it } from "vitest";
import { makePairLinks } from "../../inspector/src/model/protocol/pair-links.ts";
import { csvField, pairingCsv } from "../../inspector/src/model/protocol/pairing-csv.ts";
import {
  checkArguments,
  checkJsonField,
  describePending,
  formatLatency,
} from "../../inspector/src/model/protocol/protocol-forms.ts";

const note = (extra: { asks?: number[]; answers?: number[] }) => ({
  protocol: "jsonrpc" as const,
  summary: "",
  ...extra,
});

describe("pair links", () => {
  it("links a request to its replies and each reply to its request, batches included", () => {
    const links = makePairLinks();
    links.add(10, note({ asks: [1, 2] }));
    links.add(11, note({ answers: [2] }));
    links.add(12, note({ answers: [1] }));
    links.add(13, note({ asks: [3] }));
    expect(links.related(note({ asks: [1, 2] }))).toEqual([12, 11]);
    expect(links.related(note({ answers: [2] }))).toEqual([10]);
    expect(links.related(note({ asks: [3] }))).toEqual([]);
    expect(links.related(undefined)).toEqual([]);
  });

  it("remembers at most so many replies per request", () => {
    const links = makePairLinks(3);
    for (let id = 1; id <= 10; id++) links.add(id, note({ answers: [1] }));
    expect(links.related(note({ asks: [1] }))).toEqual([1, 2, 3]);
  });

  it("forgets frames the log dropped", () => {
    const links = makePairLinks();
    links.add(1, note({ asks: [1] }));
    links.add(2, note({ answers: [1] }));
    links.add(3, note({ asks: [2] }));
    links.add(4, note({ answers: [2] }));
    links.forgetBefore(3);
    expect(links.related(note({ asks: [1] }))).toEqual([]);
    expect(links.related(note({ answers: [1] }))).toEqual([]);
    expect(links.related(note({ answers: [2] }))).toEqual([3]);
    links.clear();
    expect(links.related(note({ answers: [2] }))).toEqual([]);
  });
});

describe("the statistics as CSV", () => {
  it("writes one line per name, latencies in ms", () => {
    expect(
      pairingCsv([
        {
          name: "add",
          count: 3,
          answered: 2,
          p50: 1.5,
          p95: 2.25,
          max: 2.5,
          errors: 1,
          unanswered: 1,
          sampled: 2,
        },
        {
          name: "sleep",
          count: 1,
          answered: 0,
          p50: Number.NaN,
          p95: Number.NaN,
          max: Number.NaN,
          errors: 0,
          unanswered: 0,
          sampled: 0,
        },
      ]),
    ).toBe(
      "name,count,answered,p50_ms,p95_ms,max_ms,errors,unanswered,latencies_sampled\nadd,3,2,1.500,2.250,2.500,1,1,2\nsleep,1,0,,,,0,0,0\n",
    );
  });

  it.each([
    ["echo", "echo"],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["line\nbreak", '"line\nbreak"'],
    ['=HYPERLINK("x")', '"\'=HYPERLINK(""x"")"'],
    ["+1", "'+1"],
    ["-2", "'-2"],
    ["@cmd", "'@cmd"],
  ])("quotes %j as %s", (value, field) => {
    expect(csvField(value)).toBe(field);
  });
});

describe("protocol form checks", () => {
  it.each([
    ["", "any", { ok: true, value: undefined }],
    ['{"token":"t"}', "object", { ok: true, value: { token: "t" } }],
    ["[1]", "object", { ok: false, error: "Auth must be a JSON object" }],
    ["[1]", "array or object", { ok: true, value: [1] }],
    ["3", "array or object", { ok: false, error: "Auth must be a JSON array or object" }],
    [
      "{",
      "any",
      {
        ok: false,
        error: "Auth: Invalid JSON: Expected property name or '}' in JSON at position 1",
      },
    ],
    [
      `${"[".repeat(33)}${"]".repeat(33)}`,
      "any",
      { ok: false, error: "Auth: JSON nests deeper than 32 levels" },
    ],
  ] as const)("checkJsonField(%j, %s)", (text, shape, expected) => {
    expect(checkJsonField(text, "Auth", shape)).toEqual(expected);
  });

  it.each([
    ["", { ok: true, value: [] }],
    ['["hi", {"n": 1}]', { ok: true, value: ["hi", { n: 1 }] }],
    ['"hi"', { ok: false, error: "Arguments must be a JSON array" }],
  ])("checkArguments(%j)", (text, expected) => {
    expect(checkArguments(text)).toEqual(expected);
  });

  it.each([
    [0, Number.NaN, 0, "None pending"],
    [3, 1000, 3500, "3 pending, the oldest for 2.500 s"],
    [1, 1000, 900, "1 pending, the oldest for 0 µs"],
  ])("describePending(%i, %d, %d)", (pending, oldest, now, text) => {
    expect(describePending(pending, oldest, now)).toBe(text);
  });

  it("formats a latency, or a dash before there is one", () => {
    expect([formatLatency(1.25), formatLatency(Number.NaN)]).toEqual(["1.250 ms", "–"]);
  });
});
