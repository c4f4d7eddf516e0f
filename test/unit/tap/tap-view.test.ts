import { describe, expect, it } from "vitest";
import type { HeldFrame, TapClient, TapEvent } from "../../../echo-server/protocol/tap-wire.ts";
import { checkHeldPayload, describeHeld } from "../../../inspector/src/model/tap/held-frames.ts";
import { injectableClients, tapClientRow } from "../../../inspector/src/model/tap/tap-clients.ts";
import { checkHoldTimeout, checkNewTap } from "../../../inspector/src/model/tap/tap-form.ts";
import {
  applyTapEvent,
  CLOSED_CLIENTS_KEPT,
  emptyTapView,
  type TapView,
} from "../../../inspector/src/model/tap/tap-view.ts";

// 2026-01-02 03:04:05.678 local time: the golden strings below format it as 03:04:05.678.
const T = new Date(2026, 0, 2, 3, 4, 5, 678).getTime();

const client = (id: number, patch: Partial<TapClient> = {}): TapClient => ({
  id,
  remote: "127.0.0.1",
  openedAt: T,
  protocol: "",
  framesIn: 0,
  framesOut: 0,
  ...patch,
});

const held: HeldFrame = {
  holdId: 7,
  clientId: 2,
  direction: "c2s",
  time: T,
  binary: false,
  payload: "order 1",
  ruleId: "rule-1",
};

const hello: TapEvent = {
  type: "hello",
  tap: {
    name: "chat",
    target: "ws://x/",
    url: "ws://127.0.0.1:7777/tap/chat",
    holdTimeoutMs: 30_000,
  },
  clients: [client(1)],
  rules: [{ id: "rule-1", match: {}, action: { type: "pause" } }],
  held: [],
};

const run = (...events: TapEvent[]): TapView => events.reduce(applyTapEvent, emptyTapView);

describe("applyTapEvent", () => {
  it("follows clients from open to close, with their counts", () => {
    const view = run(
      hello,
      { type: "client-open", time: T, client: client(2, { remote: "192.168.1.9" }) },
      {
        type: "clients",
        clients: [client(1, { framesIn: 5, framesOut: 6 }), client(2, { framesOut: 1 })],
      },
      { type: "client-close", time: T + 1, clientId: 1, code: 4000, reason: "bye", side: "tap" },
      { type: "clients", clients: [client(2, { framesOut: 2 })] },
    );
    expect(view.clients.map(tapClientRow)).toEqual([
      {
        id: 1,
        label: "#1",
        remote: "127.0.0.1",
        opened: "03:04:05.678",
        counts: "6 out · 5 in",
        state: "closed 4000 bye (by the tap)",
        protocol: "",
      },
      {
        id: 2,
        label: "#2",
        remote: "192.168.1.9",
        opened: "03:04:05.678",
        counts: "2 out · 0 in",
        state: "open",
        protocol: "",
      },
    ]);
    expect(injectableClients(view.clients).map((c) => c.id)).toEqual([2]);
  });

  it("holds and releases frames, and follows rules, settings and missed frames", () => {
    const view = run(
      hello,
      { type: "held", frame: held },
      { type: "held", frame: { ...held, holdId: 8 } },
      { type: "released", holdId: 7, how: "forward" },
      { type: "settings", holdTimeoutMs: 5000 },
      { type: "rules", rules: [] },
      { type: "missed", frames: 3 },
      { type: "missed", frames: 4 },
    );
    expect(view.held.map((frame) => frame.holdId)).toEqual([8]);
    expect(view.info?.holdTimeoutMs).toBe(5000);
    expect(view.rules).toEqual([]);
    expect(view.missed).toBe(7);
  });

  it("keeps the clients it saw close across a new hello (a watch that reconnected)", () => {
    const view = run(
      hello,
      { type: "client-close", time: T, clientId: 1, code: 1000, reason: "", side: "client" },
      { ...hello, clients: [client(3)] } as TapEvent,
    );
    expect(view.clients.map((c) => [c.id, c.closed?.code])).toEqual([
      [1, 1000],
      [3, undefined],
    ]);
  });

  it(`keeps only the ${CLOSED_CLIENTS_KEPT} latest closed clients`, () => {
    const events: TapEvent[] = [hello];
    for (let id = 2; id < 2 + CLOSED_CLIENTS_KEPT + 10; id++)
      events.push(
        { type: "client-open", time: T, client: client(id) },
        { type: "client-close", time: T, clientId: id, code: 1000, reason: "", side: "client" },
      );
    const view = run(...events);
    expect(view.clients.filter((c) => c.closed)).toHaveLength(CLOSED_CLIENTS_KEPT);
    expect(view.clients[0]?.id).toBe(1);
    expect(view.clients[1]?.id).toBe(12);
  });

  it("leaves the view as it is for events that only go to the log", () => {
    const view = run(hello);
    expect(applyTapEvent(view, { type: "error", time: T, message: "x" })).toBe(view);
  });
});

describe("held frames", () => {
  it("says whose frame it is, which rule held it and when it goes on by itself", () => {
    expect(describeHeld(held, 30_000)).toBe(
      "#2 client → server (text), held by rule-1 at 03:04:05.678; goes on by itself at 03:04:35.678",
    );
    expect(describeHeld({ ...held, binary: true, direction: "s2c" }, 1000)).toBe(
      "#2 server → client (binary, base64), held by rule-1 at 03:04:05.678; goes on by itself at 03:04:06.678",
    );
  });

  it.each([
    [false, "anything ✓", undefined],
    [true, "AAE=", undefined],
    [true, "AA E=", undefined],
    [true, "not base64!", "A binary frame's payload is base64 (A–Z a–z 0–9 + /, padded with =)"],
  ])("binary %s, %j", (binary, payload, problem) => {
    expect(checkHeldPayload({ ...held, binary }, payload)).toBe(problem);
  });
});

describe("the New tap form", () => {
  it.each([
    [
      "chat",
      "ws://localhost:3000/ws",
      { ok: true, name: "chat", target: "ws://localhost:3000/ws" },
    ],
    [" mock ", "  ", { ok: true, name: "mock", target: "" }],
    [
      "a b",
      "http://x/",
      {
        ok: false,
        problems: [
          {
            field: "name",
            message:
              "A tap name is 1–48 characters of letters, digits, _ . - (starting with a letter or digit)",
          },
          { field: "target", message: "The relay dials ws: and wss: URLs only, not http:" },
        ],
      },
    ],
    [
      "",
      "ws://x/#frag",
      {
        ok: false,
        problems: [
          { field: "name", message: "A tap needs a name" },
          { field: "target", message: "A WebSocket URL has no #fragment (RFC 6455 §3): remove it" },
        ],
      },
    ],
  ])("%j → %j", (name, target, result) => {
    expect(checkNewTap(name, target)).toEqual(result);
  });

  it.each([
    ["30", { ok: true, ms: 30_000 }],
    ["1.5", { ok: true, ms: 1500 }],
    ["0.5", { ok: false, message: "The hold timeout is 1–600 seconds" }],
    ["601", { ok: false, message: "The hold timeout is 1–600 seconds" }],
    ["", { ok: false, message: "The hold timeout is 1–600 seconds" }],
    ["soon", { ok: false, message: "The hold timeout is 1–600 seconds" }],
  ])("hold timeout %j", (seconds, result) => {
    expect(checkHoldTimeout(seconds)).toEqual(result);
  });
});
