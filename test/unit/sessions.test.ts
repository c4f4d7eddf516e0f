import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { CaptureClient } from "../../inspector/src/capture/capture-client.ts";
import { createRoomLab } from "../../inspector/src/state/room-lab.ts";
import { createSessions } from "../../inspector/src/state/sessions.ts";

// The browser build of Solid, as the page runs it (node resolves solid-js to the server build).
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createRoot } = await import("solid-js");

/** A capture client that records connects and closes, and which report listeners are live. */
function fakeClient() {
  const listeners = new Set<unknown>();
  const client = {
    connect: vi.fn(),
    close: vi.fn(),
    onReport: (_id: number, listener: unknown) => {
      const entry = { listener };
      listeners.add(entry);
      return () => listeners.delete(entry);
    },
  };
  return { client: client as unknown as CaptureClient, ...client, listeners };
}

/** The document's visibilitychange listeners (the ping loops watch for a hidden tab). */
let visibilityListeners: Set<unknown>;

beforeEach(() => {
  vi.useFakeTimers();
  visibilityListeners = new Set();
  vi.stubGlobal("document", {
    hidden: false,
    addEventListener: (_type: string, listener: unknown) => visibilityListeners.add(listener),
    removeEventListener: (_type: string, listener: unknown) => visibilityListeners.delete(listener),
  });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe("cleanup of what the tabs and the room lab start", () => {
  it("disposing the owner of the tabs disposes every open session", () => {
    const { client, close, listeners } = fakeClient();
    const dispose = createRoot((dispose) => {
      const sessions = createSessions(client, { url: "ws://127.0.0.1/echo" });
      sessions.add({ url: "ws://127.0.0.1/ticker" });
      return dispose;
    });
    expect(listeners.size).toBeGreaterThan(0);
    expect(visibilityListeners.size).toBe(2);
    // One rate sampler per connection.
    expect(vi.getTimerCount()).toBe(2);

    dispose();
    expect(close.mock.calls).toEqual([
      [1, 1000, "Tab closed"],
      [2, 1000, "Tab closed"],
    ]);
    expect(listeners.size).toBe(0);
    expect(visibilityListeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });

  it("the room lab's clients take two servers in turn", () => {
    const { client, connect } = fakeClient();
    const dispose = createRoot((dispose) => {
      createRoomLab(client).open(["ws://a/rooms/lab", "ws://b/rooms/lab"], 3);
      return dispose;
    });
    expect(connect.mock.calls.map(([, url]) => url)).toEqual([
      "ws://a/rooms/lab",
      "ws://b/rooms/lab",
      "ws://a/rooms/lab",
    ]);
    dispose();
  });

  it("disposing the owner of the room lab closes its clients", () => {
    const { client, connect, close, listeners } = fakeClient();
    const dispose = createRoot((dispose) => {
      createRoomLab(client).open(["ws://127.0.0.1/rooms/lab"], 3);
      return dispose;
    });
    expect(connect).toHaveBeenCalledTimes(3);
    expect(listeners.size).toBe(3);

    dispose();
    expect(close.mock.calls.map(([, code, reason]) => [code, reason])).toEqual([
      [1000, "Room lab closed"],
      [1000, "Room lab closed"],
      [1000, "Room lab closed"],
    ]);
    expect(listeners.size).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
  });
});
