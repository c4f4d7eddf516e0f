import { describe, expect, it, vi } from "vitest";
import type { TapClient, TapEvent } from "../../../echo-server/protocol/tap-wire.ts";
import type { CaptureClient } from "../../../inspector/src/capture/capture-client.ts";
import { createTapState } from "../../../inspector/src/state/tap.ts";

// Node resolves solid-js to its server build, whose signals never notify; the tap state needs
// the reactive browser build.
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createRoot } = await import("solid-js");

const CONNECTION_ID = 3;

const client = (id: number, framesIn = 0, framesOut = 0): TapClient => ({
  id,
  remote: "127.0.0.1",
  openedAt: 1000,
  protocol: "",
  framesIn,
  framesOut,
});

/** A tap tab over a fake capture client; `update()` runs what waits for the next view update. */
function setup() {
  let listener: ((report: { type: "tap"; event: TapEvent }) => void) | undefined;
  const capture = {
    onReport: (_id: number, next: typeof listener) => {
      listener = next;
      return () => {};
    },
    setTapTarget() {},
    watchTap() {},
  } as unknown as CaptureClient;
  let waiting: (() => void)[] = [];
  return createRoot((dispose) => {
    const tap = createTapState(capture, CONNECTION_ID, { name: "app", imported: true }, (apply) =>
      waiting.push(apply),
    );
    return {
      tap,
      send: (event: TapEvent) => listener?.({ type: "tap", event }),
      update() {
        const run = waiting;
        waiting = [];
        for (const apply of run) apply();
      },
      waiting: () => waiting.length,
      counts: () => tap.view().clients.map((c) => `#${c.id} ${c.framesIn}/${c.framesOut}`),
      dispose,
    };
  });
}

describe("a tap tab's client counts", () => {
  it("show with the next view update, however many come before it", () => {
    const { send, update, waiting, counts, dispose } = setup();
    send({ type: "client-open", time: 1000, client: client(1) });
    expect(counts()).toEqual(["#1 0/0"]);

    send({ type: "clients", clients: [client(1, 5, 4)] });
    send({ type: "clients", clients: [client(1, 9, 8)] });
    expect(counts()).toEqual(["#1 0/0"]);
    expect(waiting()).toBe(1);

    update();
    expect(counts()).toEqual(["#1 9/8"]);
    dispose();
  });

  it("keep each client's latest while the page runs no update (a hidden tab), whatever each event lists", () => {
    const { send, update, waiting, counts, dispose } = setup();
    send({ type: "client-open", time: 1000, client: client(1) });
    send({ type: "client-open", time: 1001, client: client(2) });
    for (let n = 1; n <= 1000; n++) {
      send({ type: "clients", clients: [client(1, n, n)] });
      if (n === 500) send({ type: "clients", clients: [client(2, 3, 2)] });
    }
    expect(waiting()).toBe(1);

    update();
    expect(counts()).toEqual(["#1 1000/1000", "#2 3/2"]);
    dispose();
  });

  it("show before any other event that comes after them, which shows at once", () => {
    const { send, update, counts, tap, dispose } = setup();
    send({ type: "client-open", time: 1000, client: client(1) });
    send({ type: "clients", clients: [client(1, 7, 7)] });
    send({
      type: "client-close",
      time: 2000,
      clientId: 1,
      code: 1000,
      reason: "",
      side: "client",
    });
    expect(counts()).toEqual(["#1 7/7"]);
    expect(tap.view().clients[0]?.closed?.code).toBe(1000);
    // The update finds nothing left to show.
    update();
    expect(counts()).toEqual(["#1 7/7"]);
    dispose();
  });
});
