// `npm start`: builds the inspector and the server when the build is missing or older than the
// sources, then runs the `socketscope` command with the arguments given after `--`.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const outputs = ["dist/inspector/index.html", "dist/server/cli.js"].map((file) => join(root, file));
const sources = ["inspector", "echo-server", "package.json", "vite.config.ts"].map((file) =>
  join(root, file),
);

function newestMtime(path) {
  const info = statSync(path);
  if (!info.isDirectory()) return info.mtimeMs;
  let newest = info.mtimeMs;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

const builtAt = outputs.every(existsSync)
  ? Math.min(...outputs.map((file) => statSync(file).mtimeMs))
  : 0;
if (builtAt < Math.max(...sources.map(newestMtime))) {
  console.log("socketscope: building the inspector and server…");
  const result = spawnSync("npm", ["run", "build", "--silent"], {
    cwd: root,
    stdio: "inherit",
    shell: process.platform === "win32",
  });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
await import(join(root, "dist/server/cli.js"));
