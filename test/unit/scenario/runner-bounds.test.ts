import { describe, expect, it } from "vitest";
import {
  MAX_UNREAD_FRAMES,
  runScenario,
  type ScenarioConnector,
  type ScenarioSocketEvents,
} from "../../../echo-server/protocol/scenario/runner.ts";
import { checkScenario } from "../../../echo-server/protocol/scenario/schema.ts";
import type { Scenario } from "../../../echo-server/protocol/scenario/types.ts";

/**
 * Scenarios that would never end, or grow without end, against a fake server: each is cut short
 * by a bound and says which. The connector opens at once and hands its events to `serve`.
 */
function fakeConnector(serve: (events: ScenarioSocketEvents) => () => void): ScenarioConnector {
  return {
    connect(_target, events) {
      let stop = () => {};
      let closed = false;
      queueMicrotask(() => {
        events.open("");
        stop = serve(events);
      });
      return {
        send() {},
        close(code = 1000, reason = "") {
          if (closed) return;
          closed = true;
          stop();
          queueMicrotask(() => events.close(code, reason));
        },
      };
    },
  };
}

const silent = fakeConnector(() => () => {});

async function run(scenario: Scenario, connector: ScenarioConnector) {
  const checked = checkScenario(scenario);
  if (!checked.ok) throw new Error(JSON.stringify(checked.problems));
  const started = performance.now();
  const result = await runScenario(checked.scenario, { connector });
  return { result, elapsed: performance.now() - started };
}

const failures = (result: Awaited<ReturnType<typeof run>>["result"]) =>
  result.steps
    .filter((step) => step.status === "failed")
    .map((step) => `${step.client} ${step.kind}: ${step.message}`);

describe("a scenario that would never end is bounded", () => {
  it("clients that meet barriers in opposite orders fail at once, saying so", async () => {
    const { result, elapsed } = await run(
      {
        url: "ws://fake/",
        clients: [
          { name: "a", steps: [{ barrier: "x" }, { barrier: "y" }] },
          { name: "b", steps: [{ barrier: "y" }, { barrier: "x" }] },
        ],
      },
      silent,
    );
    const why =
      "The clients wait for each other (a at x, b at y): put the barriers in the same order in every client";
    expect(failures(result)).toEqual([`a barrier: ${why}`, `b barrier: ${why}`]);
    // Found at once, with no timer to wait for; the bound leaves room for a loaded machine.
    expect(elapsed).toBeLessThan(3000);
  });

  it("a three-client cycle is found too, and a fine order still passes", async () => {
    const cycle = await run(
      {
        url: "ws://fake/",
        clients: [
          { name: "a", steps: [{ barrier: "ab" }, { barrier: "ca" }] },
          { name: "b", steps: [{ barrier: "bc" }, { barrier: "ab" }] },
          { name: "c", steps: [{ barrier: "ca" }, { barrier: "bc" }] },
        ],
      },
      silent,
    );
    expect(failures(cycle.result)).toHaveLength(3);
    expect(failures(cycle.result)[0]).toContain("(a at ab, b at bc, c at ca)");
    const fine = await run(
      {
        url: "ws://fake/",
        clients: ["a", "b", "c"].map((name) => ({
          name,
          steps: [{ barrier: "one" }, { wait: 1 }, { barrier: "two" }],
        })),
      },
      silent,
    );
    expect(fine.result.passed).toBe(true);
  });

  it("an expect that skips a stream that never matches ends at its within", async () => {
    // A frame every millisecond, forever, none of them the one wanted.
    const stream = fakeConnector((events) => {
      const timer = setInterval(() => {
        for (let i = 0; i < 50; i++) events.message({ text: "noise" });
      }, 1);
      return () => clearInterval(timer);
    });
    const { result, elapsed } = await run(
      { url: "ws://fake/", steps: [{ expect: { text: "never" }, skip: true, within: 200 }] },
      stream,
    );
    expect(result.steps[1]).toMatchObject({
      status: "failed",
      message: "Nothing matching came within 200 ms",
      expected: "never",
      received: "(nothing)",
    });
    expect(elapsed).toBeLessThan(5000);
  });

  it.each<[string, Scenario, string]>([
    [
      "an expect on a silent server",
      { url: "ws://fake/", steps: [{ expect: { any: true }, within: 100 }] },
      "main expect: Nothing came within 100 ms",
    ],
    [
      "an expected close that never comes",
      { url: "ws://fake/", steps: [{ expectClose: { code: 1000, within: 100 } }] },
      "main expectClose: The server did not close within 100 ms",
    ],
    [
      "a ping loop with no replies",
      {
        url: "ws://fake/",
        steps: [{ ping: { count: 2, interval: 10, timeout: 100 }, lossAtMost: 0 }],
      },
      "main ping: 2 lost, more than 0 (2 sent, 0 received, 2 lost; median –, p99 –)",
    ],
    [
      "the default timeout of every expect",
      { url: "ws://fake/", timeoutMs: 150, steps: [{ expect: { text: "x" } }] },
      "main expect: Nothing came within 150 ms",
    ],
  ])("%s", async (_name, scenario, failure) => {
    const { result, elapsed } = await run(scenario, silent);
    expect(failures(result)).toEqual([failure]);
    expect(elapsed).toBeLessThan(5000);
  });
});

describe("a client that reads nothing holds a bounded inbox", () => {
  it("fails its next read past the limit, instead of growing", async () => {
    const flood = fakeConnector((events) => {
      for (let i = 0; i <= MAX_UNREAD_FRAMES; i++) events.message({ text: "x" });
      return () => {};
    });
    const { result } = await run(
      { url: "ws://fake/", steps: [{ wait: 20 }, { expect: { text: "x" } }] },
      flood,
    );
    expect(failures(result)).toEqual([
      "main expect: More frames came than this client holds unread (100000 frames or 64 MB): expect them as they come, or wait less",
    ]);
  });

  it("counts bytes too: one big frame fills it", async () => {
    const big = fakeConnector((events) => {
      events.message({ bytes: new Uint8Array(40 * 1024 * 1024) });
      events.message({ bytes: new Uint8Array(40 * 1024 * 1024) });
      return () => {};
    });
    const { result } = await run(
      { url: "ws://fake/", steps: [{ wait: 20 }, { expect: { any: true } }] },
      big,
    );
    expect(failures(result)[0]).toMatch(/^main expect: More frames came than this client holds/);
  });

  it("takes frames that are read as they come, however many", async () => {
    const steady = fakeConnector((events) => {
      for (let i = 0; i < 1000; i++) events.message({ text: String(i) });
      return () => {};
    });
    const steps = Array.from({ length: 1000 }, (_, i) => ({ expect: { text: String(i) } }));
    const { result } = await run({ url: "ws://fake/", steps }, steady);
    expect(result.passed).toBe(true);
  });
});
