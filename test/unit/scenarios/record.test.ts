import { describe, expect, it } from "vitest";
import { checkScenario } from "../../../echo-server/protocol/scenario/schema.ts";
import { makeSecretFinder } from "../../../inspector/src/model/environments/secret-values.ts";
import {
  latestConnection,
  type RecordedFrame,
  recordScenario,
} from "../../../inspector/src/model/scenarios/record.ts";

const none = makeSecretFinder([]);
const secrets = makeSecretFinder([{ name: "TOKEN", value: "tok-s3cret" }]);
const sent = (payload: string | ArrayBuffer): RecordedFrame => ({ direction: "sent", payload });
const received = (payload: string | ArrayBuffer): RecordedFrame => ({
  direction: "received",
  payload,
});
const record = (frames: RecordedFrame[], finder = none, headers: [string, string][] = []) =>
  recordScenario({
    url: "ws://127.0.0.1:7777/echo",
    protocols: [],
    headers,
    frames,
    secrets: finder,
  });

describe("recordScenario", () => {
  it("turns sent frames into sends and received frames into exact expects", () => {
    const { scenario, notes } = record([
      sent("hi"),
      received("hi"),
      sent('{"op":"sub","n":1}'),
      received('{"op":"sub","n":1}'),
      sent('{ "spaced": true }'),
      sent(new Uint8Array([0, 1, 255]).buffer),
      received(new Uint8Array([0, 1, 255]).buffer),
    ]);
    expect(notes).toEqual([]);
    expect(scenario).toEqual({
      name: "Recorded from ws://127.0.0.1:7777/echo",
      url: "ws://127.0.0.1:7777/echo",
      steps: [
        { send: "hi" },
        { expect: { text: "hi" } },
        { send: { json: { op: "sub", n: 1 } } },
        { expect: { json: { op: "sub", n: 1 } } },
        { send: '{ "spaced": true }' },
        { send: { hex: "00 01 ff" } },
        { expect: { hex: "00 01 ff" } },
      ],
    });
    expect(checkScenario(scenario).ok).toBe(true);
  });

  it("escapes braces, so a recorded {{seq}} is sent as written", () => {
    const { scenario } = record([sent("lit {{seq}}"), received('{"t":"{{uuid}}"}')]);
    expect(scenario.steps).toEqual([
      { send: "lit \\{{seq}}" },
      { expect: { json: { t: "\\{{uuid}}" } } },
    ]);
    expect(checkScenario(scenario).ok).toBe(true);
  });

  it("keeps secret values out: they become {{env.NAME}}, and it says so", () => {
    const { scenario, notes } = record(
      [
        sent("auth tok-s3cret"),
        received('{"token":"tok-s3cret"}'),
        received('{"tok-s3cret":1}'),
        sent(new TextEncoder().encode("bin tok-s3cret").buffer as ArrayBuffer),
      ],
      secrets,
      [
        ["Authorization", "Bearer abc"],
        ["X-Api-Key", "{{env.KEY}}"],
        ["X-Tenant", "tok-s3cret"],
      ],
    );
    expect(JSON.stringify(scenario)).not.toContain("tok-s3cret");
    expect(JSON.stringify(scenario)).not.toContain("abc");
    expect(scenario.steps).toEqual([
      { send: "auth {{env.TOKEN}}" },
      { expect: { json: { token: "{{env.TOKEN}}" } } },
      { expect: { text: '{"{{env.TOKEN}}":1}' } },
    ]);
    expect(scenario.headers).toEqual([
      ["Authorization", "{{env.AUTHORIZATION}}"],
      ["X-Api-Key", "{{env.KEY}}"],
      ["X-Tenant", "{{env.TOKEN}}"],
    ]);
    expect(notes).toEqual([
      "Frame 4 (binary) holds a secret value and was left out",
      "The Authorization header reads {{env.AUTHORIZATION}}: give it a value in the environment",
      "Secret values became {{env.TOKEN}}",
    ]);
    expect(checkScenario(scenario).ok).toBe(true);
  });

  it("bounds what it records: big frames, deep JSON and too many frames", () => {
    const deep = `${"[".repeat(60)}${"]".repeat(60)}`;
    const { scenario, notes } = record([
      sent("x".repeat(300 * 1024)),
      received("y".repeat(70 * 1024)),
      received(deep),
      ...Array.from({ length: 1001 }, () => sent("z")),
    ]);
    expect(scenario.steps?.slice(0, 2)).toEqual([
      { expect: { any: true }, name: "a 71680-character frame" },
      { expect: { text: deep } },
    ]);
    expect(scenario.steps).toHaveLength(1000);
    expect(notes).toEqual([
      "Frame 1 (307200 characters, sent) is too big to record and was left out",
      "Frame 2 (71680 characters) is expected as any frame",
      "The capture has 1004 frames; the first 1000 became steps",
    ]);
    expect(checkScenario(scenario).ok).toBe(true);
  });

  it("records a JSON key __proto__ as a key, polluting nothing", () => {
    const { scenario } = record([received('{"__proto__":{"polluted":true}}')]);
    const step = scenario.steps?.[0] as { expect: { json: object } };
    expect(Object.hasOwn(step.expect.json, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});

describe("latestConnection", () => {
  it("takes the data frames after the last open, and its URL", async () => {
    const { makeFrameStore } = await import("../../../inspector/src/model/frames/frame-store.ts");
    const { makeFrameBatcher } = await import("../../../inspector/src/model/frames/frame-batch.ts");
    const { Direction } = await import("../../../inspector/src/model/frames/frame.ts");
    const batcher = makeFrameBatcher(1);
    const open = (url: string) =>
      batcher.pushEvent(1, { type: "open", url, protocol: "", extensions: "" });
    open("ws://h/first");
    batcher.pushText(2, Direction.Out, "old", 3);
    batcher.pushEvent(3, { type: "close", code: 1000, reason: "", wasClean: true });
    open("ws://h/second");
    batcher.pushText(5, Direction.Out, "a", 1);
    batcher.pushText(6, Direction.In, "b", 1);
    batcher.pushBinary(7, Direction.In, new Uint8Array([1]).buffer);
    const store = makeFrameStore();
    store.append(batcher.take() as NonNullable<ReturnType<typeof batcher.take>>);
    const latest = latestConnection(store);
    expect(latest.url).toBe("ws://h/second");
    expect(latest.frames.map((frame) => [frame.direction, typeof frame.payload])).toEqual([
      ["sent", "string"],
      ["received", "string"],
      ["received", "object"],
    ]);
  });
});
