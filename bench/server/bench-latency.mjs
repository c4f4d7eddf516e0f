// Benchmark 2: echo round-trip latency under a fixed, open-loop 10k msg/s.
import { forkAll, runMeasured, stopAll } from "./loaders.mjs";
import { SERVERS, withServer } from "./servers.mjs";
import { mergeSorted, summarize } from "./stats.mjs";

const RATE = 10_000;
const CONNECTIONS = 100;
const PROCESSES = 2;
const WARMUP_MS = 1000;
const DURATION_MS = 5000;

export const latencySetup = `${RATE / 1000}k msg/s open loop (64 B text), ${CONNECTIONS} connections over ${PROCESSES} load processes, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s`;

/** RTT p50/p99 (ms) for each server at the fixed rate. */
export async function benchLatency() {
  const results = {};
  for (const { kind } of SERVERS) {
    results[kind] = await withServer(kind, [], async (server) => {
      const config = {
        url: server.url("/echo"),
        connections: CONNECTIONS / PROCESSES,
        mode: "rate",
        rate: RATE / PROCESSES,
        warmupMs: WARMUP_MS,
        durationMs: DURATION_MS,
        deadlineMs: 60_000,
      };
      const { loaders } = await forkAll("./load-echo.mjs", Array(PROCESSES).fill(config), 20_000);
      try {
        const { parts, serverCpu, otherCpu } = await runMeasured(loaders, server.pid, {
          warmupMs: WARMUP_MS,
          durationMs: DURATION_MS,
        });
        const rtt = summarize(mergeSorted(parts.map((part) => part.samples)));
        return {
          ...rtt,
          achievedRate: (rtt.count * 1000) / DURATION_MS,
          serverCpu,
          otherCpu,
          loaderCpu: parts.map((part) => part.cpu),
          lost: parts.reduce((sum, part) => sum + part.sent - part.received, 0),
          wrong: parts.reduce((sum, part) => sum + part.wrong, 0),
          unexpectedCloses: parts.reduce((sum, part) => sum + part.unexpectedCloses, 0),
          serverStats: await server.stats(),
        };
      } finally {
        await stopAll(loaders);
      }
    });
  }
  return results;
}
