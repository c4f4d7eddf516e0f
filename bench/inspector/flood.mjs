// Starts flood-server.mjs (a plain `ws` server) as a child process and follows what it reports.
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const PROGRAM = fileURLToPath(new URL("./flood-server.mjs", import.meta.url));
const START_TIMEOUT_MS = 10_000;

/**
 * Starts the flood server; `closeTimeoutMs` is how long its `ws` waits for the browser's reply
 * to a close frame before it drops the connection. Returns its URLs, what it saw of each
 * connection, and `stop()`.
 */
export async function startFloodServer({ closeTimeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, [PROGRAM, String(closeTimeoutMs)], {
    stdio: ["pipe", "pipe", "inherit"],
  });
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);
  /** Per connection id: the "sent" and "close" events the server printed. */
  const connections = new Map();
  const waiters = new Set();
  let port;
  const listening = new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error("flood server did not start")),
      START_TIMEOUT_MS,
    );
    child.once("exit", (code) => reject(new Error(`flood server exited (${code})`)));
    createInterface({ input: child.stdout }).on("line", (line) => {
      const event = JSON.parse(line);
      if (event.type === "listening") {
        clearTimeout(timer);
        port = event.port;
        resolve();
        return;
      }
      const seen = connections.get(event.id) ?? {};
      seen[event.type] = event;
      connections.set(event.id, seen);
      for (const waiter of waiters) waiter();
    });
  });
  await listening;

  return {
    /** The bare page, served by the flood server with the isolation headers. */
    bareUrl: `http://127.0.0.1:${port}/bare.html`,
    /** The floor page (stamps and keeps every frame, shows the count), served the same way. */
    floorUrl: `http://127.0.0.1:${port}/floor.html`,
    /** The stream `count` frames of `size` bytes at `rate`/s. */
    streamUrl: ({ rate, count, size }) =>
      `ws://127.0.0.1:${port}/?rate=${rate}&count=${count}&size=${size}`,
    /**
     * What the server saw of its latest connection once that connection closed on its side:
     * `sent` (all frames handed to ws, with when) and `close` (code, when, when close() was
     * called). Gives up after `timeoutMs` and returns what there is.
     */
    async latest(timeoutMs) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const id = Math.max(0, ...connections.keys());
        const seen = connections.get(id);
        if (seen?.close || Date.now() > deadline) return seen ?? {};
        await new Promise((resolve) => {
          const wake = () => {
            waiters.delete(wake);
            clearTimeout(timer);
            resolve();
          };
          const timer = setTimeout(wake, 100);
          waiters.add(wake);
        });
      }
    },
    async stop() {
      process.off("exit", killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once("exit", resolve));
      child.stdin.end();
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    },
  };
}
