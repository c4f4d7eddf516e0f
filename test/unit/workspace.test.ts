import { createRoot } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { emptyRelayForm } from "../../inspector/src/model/connect/relay-settings.ts";
import { Direction } from "../../inspector/src/model/frames/frame.ts";
import { makeFrameBatcher } from "../../inspector/src/model/frames/frame-batch.ts";
import { makeFrameStore } from "../../inspector/src/model/frames/frame-store.ts";
import type { Sessions } from "../../inspector/src/state/sessions.ts";
import { createWorkspace } from "../../inspector/src/state/workspace.ts";

/** Records written to IndexedDB on the page's thread (saves when the page is hidden). */
const put = vi.fn(() => Promise.resolve());
vi.mock("../../inspector/src/state/idb.ts", () => ({
  recordStore: () => ({ getAll: () => Promise.resolve([]), put, delete: put }),
}));

/** The persist worker, as the workspace makes it. */
class FakeWorker {
  static made: FakeWorker[] = [];
  onmessage: ((event: MessageEvent) => void) | null = null;
  postMessage = vi.fn();
  terminate = vi.fn();
  constructor(readonly url: URL) {
    FakeWorker.made.push(this);
  }
}

/** The window (pagehide) and the document (visibilitychange), each an EventTarget. */
let page: EventTarget;
let document: EventTarget & { hidden: boolean };

beforeEach(() => {
  vi.useFakeTimers();
  FakeWorker.made = [];
  put.mockClear();
  page = new EventTarget();
  document = Object.assign(new EventTarget(), { hidden: false });
  vi.stubGlobal("Worker", FakeWorker);
  vi.stubGlobal("document", document);
  vi.stubGlobal("addEventListener", page.addEventListener.bind(page));
  vi.stubGlobal("removeEventListener", page.removeEventListener.bind(page));
  vi.stubGlobal("localStorage", { getItem: () => null, setItem: () => {} });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

/** Lets the restore (a resolved IndexedDB read) finish. */
async function settle() {
  for (let i = 0; i < 10; i++) await Promise.resolve();
}

/** A workspace over no tabs in its own root; `list` counts how often the tabs are read. */
async function setup() {
  const list = vi.fn(() => []);
  const sessions = { list, replaceAll: vi.fn() } as unknown as Sessions;
  const afterRestore = vi.fn();
  const dispose = createRoot((dispose) => {
    createWorkspace(sessions, afterRestore);
    return dispose;
  });
  await settle();
  expect(afterRestore).toHaveBeenCalledOnce();
  return { list, dispose };
}

/** Hides the page, as a tab switch does: the workspace saves at once. */
function hide() {
  document.hidden = true;
  document.dispatchEvent(new Event("visibilitychange"));
  document.hidden = false;
}

describe("createWorkspace", () => {
  it("saves when the page is hidden or left, and every few seconds, while its owner lives", async () => {
    const { list, dispose } = await setup();
    hide();
    expect(put).toHaveBeenCalledTimes(1);
    // Saved, and nothing changed since: leaving the page writes nothing more.
    page.dispatchEvent(new Event("pagehide"));
    expect(put).toHaveBeenCalledTimes(1);
    list.mockClear();
    await vi.advanceTimersByTimeAsync(5000);
    expect(list).toHaveBeenCalled();
    dispose();
  });

  it("stops the periodic save, removes its listeners and ends its worker when disposed", async () => {
    const { list, dispose } = await setup();
    const [worker] = FakeWorker.made;
    expect(worker?.url.pathname).toMatch(/persist\.worker\.ts$/);
    expect(vi.getTimerCount()).toBe(1);

    dispose();
    expect(vi.getTimerCount()).toBe(0);
    expect(worker?.terminate).toHaveBeenCalledOnce();

    list.mockClear();
    hide();
    page.dispatchEvent(new Event("pagehide"));
    await vi.advanceTimersByTimeAsync(60_000);
    expect(put).not.toHaveBeenCalled();
    expect(list).not.toHaveBeenCalled();
  });

  it("restores nothing into the tabs when disposed before the saved workspace is read", async () => {
    const sessions = { list: vi.fn(() => []), replaceAll: vi.fn() } as unknown as Sessions;
    const afterRestore = vi.fn();
    createRoot((dispose) => {
      createWorkspace(sessions, afterRestore);
      dispose();
    });
    await settle();
    expect(afterRestore).not.toHaveBeenCalled();
  });

  it("stops a background save when a flood starts while it packs, and saves once the flood is over", async () => {
    // 40,000 frames: three chunks to pack, a task each.
    const store = makeFrameStore();
    const batcher = makeFrameBatcher(1, 40_000);
    for (let i = 0; i < 40_000; i++) batcher.pushText(i, Direction.In, "x", 1);
    store.append(batcher.take() as NonNullable<ReturnType<typeof batcher.take>>);
    // The rates each time the save looks: quiet when it starts, a flood by the first chunk.
    const rates = vi.fn(() => ({ in: 0, out: 0 }));
    const session = {
      connection: { store, latestRates: rates, revision: () => 1 },
      settings: { value: () => ({ relay: emptyRelayForm }) },
      decoders: { value: () => [] },
    };
    const sessions = { list: () => [session], replaceAll: vi.fn() } as unknown as Sessions;
    const dispose = createRoot((dispose) => {
      createWorkspace(sessions);
      return dispose;
    });
    await settle();
    const [worker] = FakeWorker.made;

    rates.mockReturnValueOnce({ in: 0, out: 0 }).mockReturnValue({ in: 50_000, out: 0 });
    await vi.advanceTimersByTimeAsync(5000);
    // The first chunk is packed; the task after it finds the flood.
    await vi.advanceTimersByTimeAsync(10);
    expect(rates).toHaveBeenCalledTimes(2);
    expect(worker?.postMessage).not.toHaveBeenCalled();
    // Still flooding: no save starts.
    await vi.advanceTimersByTimeAsync(5000);
    expect(worker?.postMessage).not.toHaveBeenCalled();

    rates.mockReturnValue({ in: 0, out: 0 });
    await vi.advanceTimersByTimeAsync(5000);
    expect(worker?.postMessage).toHaveBeenCalledOnce();
    const [command] = worker?.postMessage.mock.calls[0] ?? [];
    const frames = command.record.sessions[0].frames as { count: number }[];
    expect(frames.map((chunk) => chunk.count)).toEqual([16_384, 16_384, 7232]);
    dispose();
  });
});
