// Starts and stops the two servers under test, each in its own process on a free loopback port.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { pinToCpu, stopChild, track } from "./children.mjs";

const CLI = fileURLToPath(new URL("../../dist/server/cli.js", import.meta.url));
const BARE = fileURLToPath(new URL("./bare-server.mjs", import.meta.url));

/** The servers each benchmark compares, in the order they run. */
export const SERVERS = [
  { kind: "socketscope", label: "SocketScope" },
  { kind: "bare", label: "bare ws" },
];

/**
 * Starts a server and resolves once it listens. `flags` are extra CLI flags for SocketScope
 * (the bare server has no policy to configure); `cpu` pins it to that CPU.
 */
export async function startServer(kind, flags = [], { cpu } = {}) {
  const args =
    kind === "socketscope" ? [CLI, "--port", "0", "--host", "127.0.0.1", ...flags] : [BARE];
  const child = track(spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] }));
  let output = "";
  child.stderr.on("data", (chunk) => {
    output += chunk;
  });
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${kind} did not start:\n${output}`)), 10_000);
    child.stdout.on("data", (chunk) => {
      output += chunk;
      // SocketScope's banner ends with "Press Ctrl+C to stop."; the bare server prints its port.
      const match =
        kind === "socketscope"
          ? /http:\/\/127\.0\.0\.1:(\d+)\/[\s\S]*Press Ctrl\+C to stop\./.exec(output)
          : /listening (\d+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`${kind} exited (${code}) before listening:\n${output}`));
    });
  });
  child.stdout.resume();
  return {
    kind,
    pid: child.pid,
    pinned: cpu !== undefined && pinToCpu(child.pid, cpu),
    port,
    url: (path) => `ws://127.0.0.1:${port}${path}`,
    /** SocketScope's /api/stats counters (undefined for the bare server). */
    async stats() {
      if (kind !== "socketscope") return undefined;
      const response = await fetch(`http://127.0.0.1:${port}/api/stats`);
      return response.json();
    },
    /** SIGTERM, then SIGKILL if it is still running after `graceMs`. */
    stop: (graceMs = 5000) => stopChild(child, "SIGTERM", graceMs),
    kill: () => stopChild(child, "SIGKILL", 0),
  };
}

/** Starts a server, runs `body(server)`, and always stops the server afterwards. */
export async function withServer(kind, flags, body, options) {
  const server = await startServer(kind, flags, options);
  try {
    return await body(server);
  } finally {
    await server.stop();
  }
}
