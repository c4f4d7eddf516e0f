import { describe, expect, it, vi } from "vitest";
import type { CaptureClient } from "../../inspector/src/capture/capture-client.ts";
import { createRoomLab } from "../../inspector/src/state/room-lab.ts";
import { createSessionCommands } from "../../inspector/src/state/session-commands.ts";

// The browser build of Solid, as the page runs it (node resolves solid-js to the server build).
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createRoot } = await import("solid-js");

describe("session commands", () => {
  it("runs the handler a mounted view registered, with reveal on by default", () => {
    const commands = createSessionCommands();
    const calls: boolean[] = [];
    const dispose = createRoot((dispose) => {
      commands.handle("focus-message", ({ reveal }) => {
        calls.push(reveal);
        return true;
      });
      return dispose;
    });
    expect(commands.run("focus-message")).toBe(true);
    expect(commands.run("focus-message", { reveal: false })).toBe(true);
    expect(calls).toEqual([true, false]);
    // Nobody handles it: nothing happens, and the caller learns so.
    expect(commands.run("focus-url")).toBe(false);
    // The view goes away: so does its handler.
    dispose();
    expect(commands.run("focus-message")).toBe(false);
  });

  it("keeps the latest handler when an older view unmounts after a newer one mounted", () => {
    const commands = createSessionCommands();
    const older = createRoot((dispose) => {
      commands.handle("clear-log", () => false);
      return dispose;
    });
    createRoot(() => commands.handle("clear-log", () => true));
    older();
    expect(commands.run("clear-log")).toBe(true);
  });
});

describe("the room lab's mode and form", () => {
  it("is hidden at first, and keeps what was typed whatever it shows", () => {
    const client = {
      connect: vi.fn(),
      close: vi.fn(),
      onReport: () => () => {},
    } as unknown as CaptureClient;
    createRoot((dispose) => {
      const lab = createRoomLab(client, "ws://127.0.0.1/rooms/lab");
      expect(lab.shown()).toBe(false);
      expect(lab.form.url()).toBe("ws://127.0.0.1/rooms/lab");
      lab.setShown(true);
      lab.form.setMessage("kept");
      lab.form.setCount("3");
      lab.setShown(false);
      lab.setShown(true);
      expect([lab.form.message(), lab.form.count()]).toEqual(["kept", "3"]);
      // A sender past the clients now open falls back to the first.
      lab.form.setSender(4);
      lab.open(["ws://127.0.0.1/rooms/lab"], 2);
      expect(lab.form.sender()).toBe(0);
      dispose();
    });
  });
});
