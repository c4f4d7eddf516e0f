import { createRoot } from "solid-js";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
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
});
