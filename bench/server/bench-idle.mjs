// Benchmark 4: server memory (VmRSS) holding 10,000 idle connections.
import { collect, forkAll, stopAll } from "./loaders.mjs";
import { rssMiB } from "./procfs.mjs";
import { SERVERS, withServer } from "./servers.mjs";
import { sleep } from "./time.mjs";

const CONNECTIONS = 10_000;
const PROCESSES = 4;
const SETTLE_MS = 2000;
// 10,000 connections, with some headroom, over the default cap of 1,000.
export const IDLE_FLAGS = ["--max-connections", "10100", "--max-connections-per-ip", "10100"];

export const idleSetup = `${CONNECTIONS.toLocaleString("en-US")} idle /echo connections over ${PROCESSES} load processes, RSS read ${SETTLE_MS / 1000} s after the last one opened`;

/** Server RSS (MiB) before and with the idle connections, for each server. */
export async function benchIdle() {
  const results = {};
  for (const { kind } of SERVERS) {
    const flags = kind === "socketscope" ? IDLE_FLAGS : [];
    results[kind] = await withServer(kind, flags, async (server) => {
      await sleep(500);
      const baseline = rssMiB(server.pid);
      const config = {
        url: server.url("/echo"),
        count: CONNECTIONS / PROCESSES,
        deadlineMs: 90_000,
      };
      const startAt = performance.now();
      const { loaders } = await forkAll("./load-idle.mjs", Array(PROCESSES).fill(config), 60_000);
      try {
        const connectMs = performance.now() - startAt;
        await sleep(SETTLE_MS);
        const rss = rssMiB(server.pid);
        for (const loader of loaders) loader.send({ type: "collect" });
        const parts = await collect(loaders, "result", 10_000);
        const open = parts.reduce((sum, part) => sum + part.open, 0);
        return {
          baseline,
          rss,
          perConnectionKiB: ((rss - baseline) * 1024) / open,
          open,
          connectMs,
          serverStats: await server.stats(),
        };
      } finally {
        await stopAll(loaders);
      }
    });
  }
  return results;
}
