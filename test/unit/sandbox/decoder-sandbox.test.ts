import { describe, expect, it } from "vitest";
import type {
  SandboxCommand,
  SandboxJob,
  SandboxResult,
} from "../../../inspector/src/model/decoders/custom/sandbox-protocol.ts";
import {
  makeDecoderSandbox,
  type SandboxState,
  type WorkerLike,
} from "../../../inspector/src/state/decoder-sandbox.ts";

/** A worker the test answers for, and a clock the test moves. */
function harness(timeLimitMs = 100) {
  const workers: (WorkerLike & { posted: SandboxCommand[]; ended: boolean })[] = [];
  const timers = new Map<number, { at: number; run: () => void }>();
  let now = 0;
  let nextTimer = 1;
  const results: SandboxResult[] = [];
  const states: SandboxState[] = [];
  const sandbox = makeDecoderSandbox("(p) => p", {
    timeLimitMs,
    host: {
      createWorker() {
        const worker = {
          posted: [] as SandboxCommand[],
          ended: false,
          onmessage: null,
          onerror: null,
          postMessage(message: SandboxCommand) {
            worker.posted.push(message);
          },
          terminate() {
            worker.ended = true;
          },
        } as WorkerLike & { posted: SandboxCommand[]; ended: boolean };
        workers.push(worker);
        return worker;
      },
      setTimer(run, ms) {
        const id = nextTimer++;
        timers.set(id, { at: now + ms, run });
        return id;
      },
      clearTimer(handle) {
        timers.delete(handle as number);
      },
    },
    onResults: (batch) => results.push(...batch),
    onState: (state) => states.push(state),
  });
  const current = () => workers.at(-1) as (typeof workers)[number];
  return {
    sandbox,
    workers,
    results,
    states,
    current,
    reply: (data: unknown) => current().onmessage?.({ data }),
    advance(ms: number) {
      now += ms;
      for (const [id, timer] of [...timers]) {
        if (timer.at <= now) {
          timers.delete(id);
          timer.run();
        }
      }
    },
  };
}

const job = (id: number): SandboxJob => ({
  id,
  payload: `f${id}`,
  direction: "received",
  kind: "text",
});

describe("the custom decoder's sandbox, as the page drives it", () => {
  it("loads the decoder, then sends frames and passes on results in order", () => {
    const h = harness();
    expect(h.current().posted).toEqual([{ type: "load", source: "(p) => p" }]);
    h.sandbox.decode([job(1), job(2)]);
    // Nothing goes out before the decoder loaded.
    expect(h.current().posted).toHaveLength(1);
    h.reply({ type: "loaded" });
    expect(h.current().posted[1]).toEqual({ type: "decode", jobs: [job(1), job(2)] });
    h.reply({ type: "results", results: [{ id: 1, ok: true, value: "a" }] });
    h.reply({ type: "results", results: [{ id: 2, ok: false, error: "TypeError: boom" }] });
    expect(h.results).toEqual([
      { id: 1, ok: true, value: "a" },
      { id: 2, ok: false, error: "TypeError: boom" },
    ]);
    expect(h.states).toEqual([{ state: "loading" }, { state: "ready" }]);
  });

  it("stops a frame that hangs, restarts the worker, and goes on with the rest", () => {
    const h = harness(100);
    h.reply({ type: "loaded" });
    h.sandbox.decode([job(1), job(2), job(3)]);
    h.reply({ type: "results", results: [{ id: 1, ok: true, value: 1 }] });
    // Frame 2 loops: no report for the time limit.
    h.advance(99);
    expect(h.workers).toHaveLength(1);
    h.advance(1);
    expect(h.workers[0]?.ended).toBe(true);
    expect(h.results.at(-1)).toEqual({
      id: 2,
      ok: false,
      error: "Stopped after 100 ms: the decoder took too long on this frame",
    });
    // A fresh worker loads the decoder and gets frame 3.
    expect(h.workers).toHaveLength(2);
    expect(h.current().posted).toEqual([{ type: "load", source: "(p) => p" }]);
    h.reply({ type: "loaded" });
    expect(h.current().posted[1]).toEqual({ type: "decode", jobs: [job(3)] });
    h.reply({ type: "results", results: [{ id: 3, ok: true, value: 3 }] });
    expect(h.results.map((result) => result.id)).toEqual([1, 2, 3]);
  });

  it("counts the time limit from the last report, so many quick frames never time out", () => {
    const h = harness(100);
    h.reply({ type: "loaded" });
    h.sandbox.decode([job(1), job(2), job(3)]);
    h.advance(60);
    h.reply({ type: "results", results: [{ id: 1, ok: true, value: 1 }] });
    h.advance(60);
    h.reply({ type: "results", results: [{ id: 2, ok: true, value: 2 }] });
    h.advance(60);
    h.reply({ type: "results", results: [{ id: 3, ok: true, value: 3 }] });
    h.advance(1000);
    expect(h.workers).toHaveLength(1);
    expect(h.results.every((result) => result.ok)).toBe(true);
  });

  it("treats a worker that dies as a hang of the frame it was on", () => {
    const h = harness();
    h.reply({ type: "loaded" });
    h.sandbox.decode([job(1), job(2)]);
    h.current().onerror?.({ message: "out of memory", preventDefault() {} });
    expect(h.results).toEqual([
      { id: 1, ok: false, error: "The decoder's worker stopped: out of memory" },
    ]);
    expect(h.workers).toHaveLength(2);
  });

  it("fails every frame with the load error of a decoder that does not compile", () => {
    const h = harness();
    h.sandbox.decode([job(1)]);
    h.reply({ type: "load-error", message: "SyntaxError: Unexpected token (line 2)" });
    h.sandbox.decode([job(2)]);
    expect(h.results).toEqual([
      { id: 1, ok: false, error: "SyntaxError: Unexpected token (line 2)" },
      { id: 2, ok: false, error: "SyntaxError: Unexpected token (line 2)" },
    ]);
    expect(h.states.at(-1)).toEqual({
      state: "error",
      message: "SyntaxError: Unexpected token (line 2)",
    });
  });

  it("ignores forged and stray reports", () => {
    const h = harness();
    h.reply({ type: "loaded" });
    h.sandbox.decode([job(1)]);
    for (const forged of [
      null,
      "results",
      { type: "results", results: "x" },
      { type: "results", results: [{ id: 99, ok: true, value: "forged" }] },
      { type: "results", results: [{ id: "1", ok: true }] },
    ])
      h.reply(forged);
    expect(h.results).toEqual([]);
    h.reply({ type: "results", results: [{ id: 1, ok: true, value: "real" }] });
    expect(h.results).toEqual([{ id: 1, ok: true, value: "real" }]);
  });

  it("reports nothing once disposed", () => {
    const h = harness();
    h.reply({ type: "loaded" });
    h.sandbox.decode([job(1)]);
    h.sandbox.dispose();
    expect(h.current().ended).toBe(true);
    h.reply({ type: "results", results: [{ id: 1, ok: true, value: 1 }] });
    h.advance(10_000);
    expect(h.results).toEqual([]);
  });
});
