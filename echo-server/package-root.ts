import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of socketscope's package.json, found by walking up from this module. The same code
 * runs from `echo-server/` (tests, dev) and from the bundle in `dist/server/`.
 */
export function findPackageRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && JSON.parse(readFileSync(manifest, "utf8")).name === "socketscope") {
      return dir;
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`socketscope: no package.json above ${from}`);
    dir = parent;
  }
}
