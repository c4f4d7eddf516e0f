import { describe, expect, it } from "vitest";
import { formatResult } from "../../../echo-server/protocol/scenario/reporters.ts";
import type { ScenarioResult } from "../../../echo-server/protocol/scenario/types.ts";

const result: ScenarioResult = {
  name: "echo & <friends>",
  passed: false,
  durationMs: 1234,
  vars: {},
  steps: [
    {
      client: "main",
      index: -1,
      kind: "connect",
      name: "connect to ws://h/echo",
      status: "passed",
      durationMs: 3.2,
      message: "Open",
    },
    { client: "main", index: 0, kind: "send", name: "send hi", status: "passed", durationMs: 0.1 },
    {
      client: "main",
      index: 1,
      kind: "expect",
      name: "expect hi",
      status: "failed",
      durationMs: 1000,
      message: "Nothing came within 1000 ms",
      expected: "hi",
      received: "(nothing)",
    },
    {
      client: "main",
      index: 2,
      kind: "close",
      name: "close 1000",
      status: "skipped",
      durationMs: 0,
    },
  ],
};

describe("formatResult", () => {
  it("pretty", () => {
    expect(formatResult(result, "pretty")).toBe(
      [
        "✓ main: connect to ws://h/echo (3.2 ms) — Open",
        "✓ main #1: send hi (0.1 ms)",
        "✗ main #2: expect hi (1.00 s)",
        "    Nothing came within 1000 ms",
        "    expected:",
        "      hi",
        "    received:",
        "      (nothing)",
        "- main #3: close 1000 (0.0 ms)",
        "",
        "FAIL echo & <friends>: 2 passed, 1 failed, 1 skipped in 1.23 s",
        "",
      ].join("\n"),
    );
  });

  it("tap", () => {
    expect(formatResult(result, "tap")).toBe(
      [
        "TAP version 13",
        "1..4",
        "ok 1 - main: connect to ws://h/echo",
        "ok 2 - main no.1: send hi",
        "not ok 3 - main no.2: expect hi",
        "  ---",
        '  message: "Nothing came within 1000 ms"',
        '  expected: "hi"',
        '  received: "(nothing)"',
        "  ...",
        "ok 4 - main no.3: close 1000 # SKIP",
        "",
      ].join("\n"),
    );
  });

  it("junit, escaped", () => {
    expect(formatResult(result, "junit")).toBe(
      [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<testsuites name="socketscope" tests="4" failures="1" skipped="1" time="1.234">',
        '  <testsuite name="echo &amp; &lt;friends&gt;" tests="4" failures="1" skipped="1" time="1.234">',
        '    <testcase classname="echo &amp; &lt;friends&gt;.main" name="main: connect to ws://h/echo" time="0.003"/>',
        '    <testcase classname="echo &amp; &lt;friends&gt;.main" name="main #1: send hi" time="0.000"/>',
        '    <testcase classname="echo &amp; &lt;friends&gt;.main" name="main #2: expect hi" time="1.000">',
        '      <failure message="Nothing came within 1000 ms">Nothing came within 1000 ms',
        "expected:",
        "hi",
        "received:",
        "(nothing)</failure>",
        "    </testcase>",
        '    <testcase classname="echo &amp; &lt;friends&gt;.main" name="main #3: close 1000" time="0.000">',
        "      <skipped/>",
        "    </testcase>",
        "  </testsuite>",
        "</testsuites>",
        "",
      ].join("\n"),
    );
  });

  it("junit replaces characters XML cannot hold", () => {
    const odd: ScenarioResult = { ...result, name: "a\u0000b\uD800" };
    expect(formatResult(odd, "junit")).toContain('<testsuite name="a\uFFFDb\uFFFD"');
  });
});
