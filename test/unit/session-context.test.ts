import { describe, expect, it, vi } from "vitest";
import type { Session } from "../../inspector/src/state/session.ts";

// The browser build of Solid, as the page runs it (node resolves solid-js to the server build).
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
const { createRoot } = await import("solid-js");
const { SessionContext, useSession } = await import("../../inspector/src/state/session-context.ts");

const MESSAGE = "useSession must be used within a <SessionContext.Provider>";

/** Renders `read` inside `<SessionContext.Provider value={session}>`, without a DOM. */
function insideProvider<T>(session: Session, read: () => T): T {
  return createRoot((dispose) => {
    const rendered = SessionContext.Provider({
      value: session,
      get children() {
        return read() as never;
      },
    }) as unknown as () => T;
    const value = rendered();
    dispose();
    return value;
  });
}

describe("useSession", () => {
  it("throws outside any component", () => {
    expect(() => useSession()).toThrow(MESSAGE);
  });

  it("throws in a component that no SessionContext.Provider encloses", () => {
    expect(() => createRoot(() => useSession())).toThrow(MESSAGE);
  });

  it("gives the session of the enclosing provider, the nearest when nested", () => {
    const outer = { id: 1 } as Session;
    const inner = { id: 2 } as Session;
    expect(insideProvider(outer, () => useSession())).toBe(outer);
    expect(insideProvider(outer, () => insideProvider(inner, () => useSession()))).toBe(inner);
  });
});
