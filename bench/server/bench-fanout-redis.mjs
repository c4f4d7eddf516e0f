// Benchmark 5: room fan-out across processes. The same 5,000-member room on one SocketScope
// process, and split over two processes that share it through Redis (half the members on each,
// the publisher on the first), in alternating rounds of one run. Each round starts its own
// servers (and redis-server), fills the room, then runs two phases:
//   paced   5 publishes/s, as in benchmark 3: delivery latency, publisher send → member arrival
//   burst   50 publishes, each sent once the publisher's own copy of the previous one is back
//           (its instance finished that wave): publishes/s until every member got all of them
// Every member's deliveries are counted, so a miss or a duplicate is reported as one.
import {
  DURATION_MS,
  FANOUT_FLAGS,
  fillRoom,
  JOIN_BUDGET_MS,
  PROCESSES,
  RATE,
  RECEIVERS,
  ROOM,
  WARMUP_MS,
} from "./bench-fanout.mjs";
import { forkAll, stopAll } from "./loaders.mjs";
import { cpuMeter, cpuSeconds, machineMeter, othersMeter, peakRssMiB, rssMiB } from "./procfs.mjs";
import { measureRedisHop, startRedis } from "./redis.mjs";
import { startServer } from "./servers.mjs";
import { mergeSorted, summarize } from "./stats.mjs";
import { sleep } from "./time.mjs";

/** Rounds of each setup; they alternate (one, two, one, two, …). */
export const ROUNDS = Number(process.env.BENCH_REDIS_ROUNDS ?? 3);
const BURST = 50;

/** The setups compared, in the order each round runs them. */
export const SETUPS = [
  { kind: "one", label: "one instance", instances: 1 },
  { kind: "two", label: "two instances over Redis", instances: 2 },
];

export const fanoutRedisSetup = `${RECEIVERS.toLocaleString("en-US")} receivers over ${PROCESSES} load processes (with two instances, two processes on each) + 1 publisher on the first instance; per round: ${RATE} publishes/s for ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s, then a burst of ${BURST} closed-loop publishes; ${ROUNDS} alternating rounds per setup; joining may take ${JOIN_BUDGET_MS / 1000} s`;

/** Runs the rounds; `onRound(setup, index, result)` hears each as it ends. */
export async function benchFanoutRedis(onRound) {
  const rounds = Object.fromEntries(SETUPS.map(({ kind }) => [kind, []]));
  for (let index = 0; index < ROUNDS; index++) {
    for (const setup of SETUPS) {
      const result = await runRound(setup);
      rounds[setup.kind].push(result);
      onRound?.(setup, index, result);
    }
  }
  return rounds;
}

/** One round of one setup, from starting its processes to stopping every one of them. */
async function runRound(setup) {
  const servers = [];
  const loaders = [];
  let redis;
  try {
    let hop;
    const flags = [...FANOUT_FLAGS];
    if (setup.instances > 1) {
      redis = await startRedis();
      hop = await measureRedisHop(redis.url);
      flags.push("--redis", redis.url);
    }
    for (let i = 0; i < setup.instances; i++) servers.push(await startServer("socketscope", flags));
    const urls = servers.map((server) => server.url(ROOM));
    const { receivers, ready, setupMs } = await fillRoom(urls, loaders);
    const members = ready.reduce((sum, part) => sum + part.joined, 0);
    const publisherConfig = {
      url: urls[0],
      role: "publisher",
      rate: RATE,
      warmupMs: WARMUP_MS,
      durationMs: DURATION_MS,
      burst: BURST,
      deadlineMs: 120_000,
    };
    const { loaders: publishers } = await forkAll("./load-room.mjs", [publisherConfig], 30_000);
    loaders.push(...publishers);
    const publisher = publishers[0];

    const meters = servers.map((server) => cpuMeter(server.pid));
    const others = othersMeter();
    const machine = machineMeter();
    publisher.send({ type: "start" });
    const paced = await publisher.expect("result", WARMUP_MS + DURATION_MS + 10_000);
    const serverCpu = meters.map((meter) => meter.stop());
    const otherCpu = others.stop();
    const { idle, waiting } = machine.stop();
    await sleep(1000); // the paced phase's last deliveries land before the burst starts

    const burstCpuStart = servers.map((server) => cpuSeconds(server.pid));
    const redisCpuStart = redis && cpuSeconds(redis.pid);
    publisher.send({ type: "burst" });
    const burst = await publisher.expect("burst-result", BURST * 10_000 + 10_000);
    for (const receiver of receivers) {
      receiver.send({ type: "collect", expect: { m: paced.measured, t: burst.sent } });
    }
    const parts = await collect(receivers);
    // Server CPU per burst publish, until every member had every one (or went quiet).
    const burstCpuMs = servers.map(
      (server, i) => ((cpuSeconds(server.pid) - burstCpuStart[i]) * 1000) / burst.sent,
    );
    const redisCpuMs = redis && ((cpuSeconds(redis.pid) - redisCpuStart) * 1000) / burst.sent;
    const rss = servers.map((server) => ({
      now: rssMiB(server.pid),
      peak: peakRssMiB(server.pid),
    }));
    const redisRss = redis && { now: rssMiB(redis.pid), peak: peakRssMiB(redis.pid) };
    const stats = await Promise.all(servers.map((server) => server.stats()));

    // Receiver i joined through urls[i % urls.length] (see fillRoom).
    const onInstance = (i) => parts.filter((_, at) => at % urls.length === i);
    const latencyOf = (of) => summarize(mergeSorted(of.map((part) => part.samples)));
    const burstRate = (of) => {
      const lastAt = Math.max(...of.map((part) => part.lastBurstAt));
      return (burst.sent * 1000) / (lastAt - burst.firstSentAt);
    };
    const sum = (pick) => parts.reduce((total, part) => total + pick(part), 0);
    return {
      members,
      setupMs,
      // Welcomes and presence frames the members got while the room filled.
      setupFrames: ready.reduce((total, part) => total + part.setupFrames, 0),
      latency: latencyOf(parts),
      perInstance: urls.map((_, i) => ({
        members: ready.filter((_, at) => at % urls.length === i).reduce((n, r) => n + r.joined, 0),
        latency: latencyOf(onInstance(i)),
        burstPerSecond: burstRate(onInstance(i)),
      })),
      measured: paced.measured,
      burstSent: burst.sent,
      burstStalled: burst.stalled,
      burstPerSecond: burstRate(parts),
      delivered: sum((part) => part.samples.length + part.bursts),
      expected: (paced.measured + burst.sent) * members,
      missing: sum((part) => part.missing.m + part.missing.t),
      extra: sum((part) => part.extra.m + part.extra.t),
      unexpectedCloses: sum((part) => part.unexpectedCloses),
      drops: stats.reduce((total, s) => total + (s?.drops ?? 0), 0),
      lostWhileDown: stats.reduce((total, s) => total + (s?.backplane?.lostWhileDown ?? 0), 0),
      serverCpu,
      burstCpuMs,
      redisCpuMs,
      // Receivers' CPU per delivery, over both phases (µs).
      receiverUs:
        (sum((part) => part.cpuSeconds) * 1e6) / sum((part) => part.samples.length + part.bursts),
      otherCpu,
      idle,
      waiting,
      rss,
      redisRss,
      hop,
    };
  } finally {
    // Servers first: with them gone, 5,000 disconnects cost them nothing.
    for (const server of servers) await server.kill();
    await stopAll(loaders);
    await redis?.stop();
  }
}

/** The receivers' results, once each has every delivery or has gone quiet. */
function collect(receivers) {
  return Promise.all(receivers.map((receiver) => receiver.expect("result", 60_000)));
}
