import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const UI = join(import.meta.dirname, "../../inspector/src/ui");

/** Every source file under `dir`, recursively. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

describe("views read state through accessors", () => {
  // The accessors (connection.frameCount(), log.count(), log.row(id)…) track the revision
  // themselves; a view that read the store or the revision by hand could miss an update or
  // hold a frame the store has dropped.
  it.each(sources(UI).map((path) => [relative(UI, path), path]))(
    "ui/%s touches neither the raw frame store nor a revision signal",
    (_, path) => {
      const text = readFileSync(path, "utf8");
      expect(text).not.toMatch(/\.store\b/);
      expect(text).not.toMatch(/\brevision\b/);
    },
  );
});
