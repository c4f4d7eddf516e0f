// Profiles the tap under the throughput load: `node bench/tap/profile.mjs [--watch]` starts a
// bare `ws` echo and SocketScope with --cpu-prof (profiles go to $TAP_PROFILE_DIR, default
// /tmp/tap-prof), runs the pipelined load through the tap for a few seconds, with a Node watcher
// when --watch is given, and prints the tap process's top functions by self time.
import { spawn } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { stopChild, track } from "../server/children.mjs";
import { forkAll, runMeasured, stopAll } from "../server/loaders.mjs";
import { startServer } from "../server/servers.mjs";

const dir = process.env.TAP_PROFILE_DIR ?? "/tmp/tap-prof";
mkdirSync(dir, { recursive: true });
const before = new Set(readdirSync(dir));
const watch = process.argv.includes("--watch");
const CLI = fileURLToPath(new URL("../../dist/server/cli.js", import.meta.url));

const bare = await startServer("bare", []);
const child = track(
  spawn(
    process.execPath,
    [
      "--cpu-prof",
      `--cpu-prof-dir=${dir}`,
      CLI,
      "--port",
      "0",
      "--rate-limit",
      "0",
      "--tap",
      `echo=${bare.url("/echo")}`,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  ),
);
const port = await new Promise((resolve) => {
  let output = "";
  child.stdout.on("data", (chunk) => {
    output += chunk;
    const match = /http:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*Press Ctrl\+C to stop\./.exec(output);
    if (match) resolve(Number(match[1]));
  });
});
child.stdout.resume();
let watcher;
if (watch) {
  watcher = new WebSocket(`ws://127.0.0.1:${port}/tap-watch/echo`, {
    origin: `http://127.0.0.1:${port}`,
  });
  await new Promise((resolve) => watcher.once("open", resolve));
}
const settings = { connections: 20, window: 32, warmupMs: 500, durationMs: 5000 };
const { loaders } = await forkAll(
  "./load-echo.mjs",
  [{ url: `ws://127.0.0.1:${port}/tap/echo`, mode: "pipelined", deadlineMs: 60_000, ...settings }],
  20_000,
);
const { parts } = await runMeasured(loaders, child.pid, settings);
await stopAll(loaders);
console.log(
  `through the tap: ${Math.round((parts[0].measured * 1000) / parts[0].elapsedMs)} msg/s`,
);
watcher?.close();
await stopChild(child, "SIGINT", 10_000);
await bare.stop();

const file = readdirSync(dir).find((name) => !before.has(name) && name.endsWith(".cpuprofile"));
if (!file) throw new Error("no profile was written");
const profile = JSON.parse(readFileSync(join(dir, file), "utf8"));
const self = new Map();
const byId = new Map(profile.nodes.map((node) => [node.id, node]));
const dt = new Map();
for (let i = 0; i < profile.samples.length; i++)
  dt.set(profile.samples[i], (dt.get(profile.samples[i]) ?? 0) + (profile.timeDeltas[i] ?? 0));
let total = 0;
for (const [id, micros] of dt) {
  const { callFrame } = byId.get(id);
  const key = `${callFrame.functionName || "(anonymous)"} ${callFrame.url.split("/").slice(-2).join("/")}:${callFrame.lineNumber + 1}`;
  self.set(key, (self.get(key) ?? 0) + micros);
  total += micros;
}
console.log(`profile: ${join(dir, file)}`);
for (const [key, micros] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30))
  console.log(`${((100 * micros) / total).toFixed(1).padStart(5)}%  ${key}`);
