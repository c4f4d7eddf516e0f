// Benchmark 1: echo throughput, 64-byte text messages, pipelined over 100 connections.
import { forkAll, runMeasured, stopAll } from "./loaders.mjs";
import { SERVERS, withServer } from "./servers.mjs";

const CONNECTIONS = 100;
const PROCESSES = 1;
const WINDOW = 64;
const WARMUP_MS = 2000;
const DURATION_MS = 4000;
// Servers take turns, twice each, and the better round counts: on a shared two-core machine a
// single round can be spoiled by anything else that runs meanwhile.
const ROUNDS = 2;
// The server gets CPU 0 to itself and the load CPU 1: load processes the scheduler may put on
// the server's core would measure the scheduler as much as the server.
const PIN = { server: 0, load: 1 };

export const throughputSetup = `64 B text, ${CONNECTIONS} connections from ${PROCESSES} load process (server pinned to CPU ${PIN.server}, load to CPU ${PIN.load}), ${WINDOW} in flight per connection, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s, best of ${ROUNDS} alternating rounds`;

/** Echoes/s for each server (best round), with CPU use during the measured span. */
export async function benchThroughput() {
  const rounds = { socketscope: [], bare: [] };
  for (let round = 0; round < ROUNDS; round++) {
    for (const { kind } of SERVERS) {
      rounds[kind].push(await withServer(kind, [], measure, { cpu: PIN.server }));
    }
  }
  const best = (list) => ({
    ...list.reduce((a, b) => (b.perSecond > a.perSecond ? b : a)),
    rounds: list.map((result) => result.perSecond),
  });
  return { socketscope: best(rounds.socketscope), bare: best(rounds.bare) };
}

/** One round against a running server. */
async function measure(server) {
  const config = {
    url: server.url("/echo"),
    connections: CONNECTIONS / PROCESSES,
    mode: "pipelined",
    window: WINDOW,
    warmupMs: WARMUP_MS,
    durationMs: DURATION_MS,
    deadlineMs: 60_000,
  };
  const configs = Array(PROCESSES).fill(config);
  const { loaders } = await forkAll("./load-echo.mjs", configs, 20_000, { cpu: PIN.load });
  try {
    const { parts, serverCpu, otherCpu } = await runMeasured(loaders, server.pid, {
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
    });
    return {
      perSecond: parts.reduce((sum, part) => sum + (part.measured * 1000) / part.elapsedMs, 0),
      serverCpu,
      otherCpu,
      pinned: server.pinned,
      loaderCpu: parts.map((part) => part.cpu),
      lost: parts.reduce((sum, part) => sum + part.sent - part.received, 0),
      wrong: parts.reduce((sum, part) => sum + part.wrong, 0),
      unexpectedCloses: parts.reduce((sum, part) => sum + part.unexpectedCloses, 0),
      serverStats: await server.stats(),
    };
  } finally {
    await stopAll(loaders);
  }
}
