import { describe, expect, it, vi } from "vitest";

// The browser build of Solid, as the page runs it (node resolves solid-js to the server build).
vi.mock("solid-js", () => {
  const browserBuild: string = "solid-js/dist/solid.js";
  return import(browserBuild);
});
/** IndexedDB's environments store, in memory. */
const stored = new Map<string, unknown>();
vi.mock("../../../inspector/src/state/idb.ts", () => ({
  recordStore: () => ({
    getAll: () => Promise.resolve([...stored.values()]),
    put: (record: { id: string }) => {
      stored.set(record.id, structuredClone(record));
      return Promise.resolve();
    },
    delete: (id: string) => {
      stored.delete(id);
      return Promise.resolve();
    },
  }),
}));
const { createRoot } = await import("solid-js");
const { createEnvironments } = await import("../../../inspector/src/state/environments.ts");

function memoryStorage() {
  const items = new Map<string, string>();
  return {
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, value),
    removeItem: (key: string) => void items.delete(key),
  };
}

describe("environments state", () => {
  it("creates, edits, selects and keeps environments; values and secrets follow", async () => {
    stored.clear();
    const storage = memoryStorage();
    await createRoot(async (dispose) => {
      const environments = createEnvironments(storage);
      const dev = environments.create();
      if (!dev) throw new Error("not created");
      environments.update({
        ...dev,
        variables: [
          { name: "HOST", value: "h", secret: false },
          { name: "TOKEN", value: "tok-1", secret: true },
        ],
      });
      expect({ ...environments.values() }).toEqual({});
      environments.select(dev.id);
      expect({ ...environments.values() }).toEqual({ HOST: "h", TOKEN: "tok-1" });
      expect(environments.secrets()).toEqual([{ name: "TOKEN", value: "tok-1" }]);
      expect(environments.finder().replace("a tok-1", () => "*").text).toBe("a *");
      expect(storage.getItem("socketscope.environment")).toBe(dev.id);
      await Promise.resolve();
      expect([...stored.values()]).toMatchObject([{ name: "New environment" }]);
      expect(environments.exportFile()).not.toContain("tok-1");
      dispose();
    });

    // A reload reads them back, the one in use too.
    await createRoot(async (dispose) => {
      const environments = createEnvironments(storage);
      await vi.waitFor(() => expect(environments.list()).toHaveLength(1));
      expect(environments.active()?.name).toBe("New environment");
      expect({ ...environments.values() }).toEqual({ HOST: "h", TOKEN: "tok-1" });
      dispose();
    });
  });

  it("imports without overwriting, and refuses a hostile file whole", async () => {
    stored.clear();
    await createRoot(async (dispose) => {
      const environments = createEnvironments(memoryStorage());
      await Promise.resolve();
      const file = JSON.stringify({ name: "dev", values: [{ key: "A", value: "1" }] });
      expect(environments.importFile(file)).toEqual({ ok: true, added: 1 });
      expect(environments.importFile(file)).toEqual({ ok: true, added: 1 });
      expect(environments.list().map((environment) => environment.name)).toEqual([
        "dev",
        "dev (2)",
      ]);
      const deep = `{"name":"x","values":${"[".repeat(10_000)}${"]".repeat(10_000)}}`;
      expect(environments.importFile(deep)).toEqual({
        ok: false,
        error: "JSON nests deeper than 8 levels",
      });
      expect(environments.list()).toHaveLength(2);
      environments.remove(environments.list()[0]?.id ?? "");
      expect(environments.list().map((environment) => environment.name)).toEqual(["dev (2)"]);
      dispose();
    });
  });
});
