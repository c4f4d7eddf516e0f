import type { Peer } from "crossws";
import { describe, expect, it, vi } from "vitest";
import { makeFailureBoundary } from "../../echo-server/failure-boundary.ts";
import { makeStats } from "../../echo-server/stats.ts";

function setup() {
  const stats = makeStats();
  const lines: string[] = [];
  const boundary = makeFailureBoundary(stats, (line) => lines.push(line));
  const peer = { close: vi.fn() } as unknown as Peer & { close: ReturnType<typeof vi.fn> };
  return { stats, lines, boundary, peer };
}

const deep = () => JSON.stringify(JSON.parse(`${"[".repeat(10_000)}${"]".repeat(10_000)}`));

describe("makeFailureBoundary", () => {
  it("closes the peer with 1011 when a message hook throws, logs once and counts each time", () => {
    const { stats, lines, boundary, peer } = setup();
    const hooks = boundary.hooks("/rooms/:room", { message: () => void deep() });
    hooks.message?.(peer, {} as never);
    hooks.message?.(peer, {} as never);
    expect(peer.close).toHaveBeenCalledWith(1011, "Internal error");
    expect(stats.errors).toBe(2);
    expect(stats.errorsBy).toEqual({ "/rooms/:room message": 2 });
    expect(lines).toEqual([
      "socketscope: /rooms/:room message: RangeError: Maximum call stack size exceeded (the peer or request was ended; the server goes on)",
    ]);
  });

  it("catches a rejected promise from an async hook", async () => {
    const { stats, boundary, peer } = setup();
    const hooks = boundary.hooks("/echo", {
      open: async () => {
        throw new Error("late");
      },
    });
    hooks.open?.(peer);
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(stats.errorsBy).toEqual({ "/echo open": 1 });
    expect(peer.close).toHaveBeenCalledWith(1011, "Internal error");
  });

  it("only records a failure in close and error hooks: the peer is going anyway", () => {
    const { stats, boundary, peer } = setup();
    const hooks = boundary.hooks("/echo", {
      close: () => {
        throw new TypeError("gone");
      },
    });
    hooks.close?.(peer, { code: 1000, reason: "" });
    expect(stats.errorsBy).toEqual({ "/echo close": 1 });
    expect(peer.close).not.toHaveBeenCalled();
  });

  it("lets an upgrade's Response refusal through and turns other throws into a 500", async () => {
    const { stats, boundary } = setup();
    const refusal = new Response("no", { status: 401 });
    const refusing = boundary.hooks("/auth", {
      upgrade: () => {
        throw refusal;
      },
    });
    expect(() => refusing.upgrade?.({} as Request)).toThrow(refusal);
    const broken = boundary.hooks("/auth", {
      upgrade: () => {
        throw new Error("bug");
      },
    });
    let thrown: unknown;
    try {
      broken.upgrade?.({} as Request);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(Response);
    expect((thrown as Response).status).toBe(500);
    const asyncBroken = boundary.hooks("/auth", {
      upgrade: async () => Promise.reject(new Error("x")),
    });
    await expect(asyncBroken.upgrade?.({} as Request)).rejects.toBeInstanceOf(Response);
    expect(stats.errorsBy).toEqual({ "/auth upgrade": 2 });
  });

  it("guards any callback and runs its cleanup, whose own failure is recorded too", () => {
    const { stats, boundary } = setup();
    const cleanup = vi.fn(() => {
      throw new Error("cleanup failed");
    });
    boundary.guard(
      "/relay target message",
      () => {
        throw new Error("boom");
      },
      cleanup,
    )();
    expect(cleanup).toHaveBeenCalledOnce();
    expect(stats.errorsBy).toEqual({
      "/relay target message": 1,
      "/relay target message (cleanup)": 1,
    });
  });

  it("stops logging new lines after 200 distinct failures but keeps counting", () => {
    const { stats, lines, boundary } = setup();
    for (let i = 0; i < 300; i++) boundary.record("/x", new Error(`e${i}`));
    expect(lines).toHaveLength(200);
    expect(stats.errors).toBe(300);
  });
});
