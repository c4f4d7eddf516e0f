import { afterEach, describe, expect, it } from "vitest";
import { RegexSandbox } from "../../echo-server/taps/regex-sandbox.ts";

let sandbox: RegexSandbox;
afterEach(() => sandbox.close());

describe("the regex sandbox", () => {
  it("matches and replaces as String.replace does", async () => {
    sandbox = new RegexSandbox();
    expect(await sandbox.run({ pattern: "price (\\d+)", flags: "", text: "a price 5" })).toEqual({
      type: "match",
      matched: "price 5",
    });
    expect(
      await sandbox.run({
        pattern: "PRICE (\\d+)",
        flags: "i",
        text: "a price 5 b",
        template: "price $1.00 ($&)",
      }),
    ).toEqual({ type: "match", matched: "price 5", replaced: "a price 5.00 (price 5) b" });
    expect(await sandbox.run({ pattern: "^z", flags: "", text: "abc" })).toEqual({
      type: "no-match",
    });
  });

  it("stops a regex that runs past its budget, and the next job still runs", async () => {
    sandbox = new RegexSandbox({ budgetMs: 300 });
    const started = performance.now();
    const stuck = sandbox.run({ pattern: "^(a+)+$", flags: "", text: `${"a".repeat(40)}b` });
    const after = sandbox.run({ pattern: "b$", flags: "", text: "ab" });
    expect(await stuck).toEqual({
      type: "stopped",
      reason: "its regex ran over 300 ms on one frame",
    });
    // 2^40 steps take hours: only the budget ended it.
    expect(performance.now() - started).toBeLessThan(20_000);
    expect(await after).toEqual({ type: "match", matched: "b" });
  });

  it("survives a replace too large to build", async () => {
    sandbox = new RegexSandbox();
    const outcome = await sandbox.run({
      pattern: "x+",
      flags: "",
      text: "x".repeat(16 * 1024 * 1024),
      template: "$&".repeat(64),
    });
    expect(outcome.type).toBe("stopped");
    expect(await sandbox.run({ pattern: "y", flags: "", text: "xy" })).toEqual({
      type: "match",
      matched: "y",
    });
  });

  it("settles what is queued when it closes", async () => {
    sandbox = new RegexSandbox();
    const stuck = sandbox.run({ pattern: "^(a+)+$", flags: "", text: `${"a".repeat(40)}b` });
    const queued = sandbox.run({ pattern: "a", flags: "", text: "a" });
    sandbox.close();
    expect(await stuck).toMatchObject({ type: "stopped" });
    expect(await queued).toMatchObject({ type: "stopped" });
  });
});
