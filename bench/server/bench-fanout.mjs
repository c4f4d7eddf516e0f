// Benchmark 3: broadcast fan-out from one publisher to a room of 5,000 receivers.
import { collect, forkAll, forkLoader, stopAll } from "./loaders.mjs";
import { cpuMeter, othersMeter } from "./procfs.mjs";
import { SERVERS, withServer } from "./servers.mjs";
import { mergeSorted, summarize } from "./stats.mjs";
import { sleep } from "./time.mjs";

export const RECEIVERS = 5000;
export const PROCESSES = 4;
// 5 publishes/s = 25,000 deliveries/s. On two cores the receiving side is the dearer one (about
// 20 µs of CPU per delivery, one socket read each, against ~16 µs of server time per member):
// at 10/s the machine saturates and latency turns into queueing.
export const RATE = 5;
export const WARMUP_MS = 1000;
export const DURATION_MS = 5000;
export const ROOM = "/rooms/bench";
// How long the room may take to fill. SocketScope sends every member a presence frame on each
// join, so filling a room costs O(n²) frames (12.5 M for 5,000) and takes minutes; past the
// budget the benchmark measures the members that made it in. BENCH_JOIN_BUDGET_S=600 waits for all.
export const JOIN_BUDGET_MS = Number(process.env.BENCH_JOIN_BUDGET_S ?? 45) * 1000;
// 5,000 receivers + the publisher, with some headroom, over the default cap of 1,000.
export const FANOUT_FLAGS = ["--max-connections", "5100", "--max-connections-per-ip", "5100"];

export const fanoutSetup = `${RECEIVERS.toLocaleString("en-US")} receivers over ${PROCESSES} load processes + 1 publisher in one room, ${RATE} publishes/s, ${WARMUP_MS / 1000} s warm-up + ${DURATION_MS / 1000} s; joining may take ${JOIN_BUDGET_MS / 1000} s`;

/** Deliveries/s and send→arrival latency (ms) for each server. */
export async function benchFanout() {
  const results = {};
  for (const { kind } of SERVERS) {
    const flags = kind === "socketscope" ? FANOUT_FLAGS : [];
    results[kind] = await withServer(kind, flags, async (server) => {
      const url = server.url(ROOM);
      const loaders = [];
      try {
        const { receivers, ready, setupMs } = await fillRoom([url], loaders);
        const members = ready.reduce((sum, part) => sum + part.joined, 0);
        const publisherConfig = {
          url,
          role: "publisher",
          rate: RATE,
          warmupMs: WARMUP_MS,
          durationMs: DURATION_MS,
          deadlineMs: 60_000,
        };
        const publisher = await forkAll("./load-room.mjs", [publisherConfig], 30_000);
        loaders.push(...publisher.loaders);
        const meter = cpuMeter(server.pid);
        const others = othersMeter();
        publisher.loaders[0].send({ type: "start" });
        const [published] = await collect(
          publisher.loaders,
          "result",
          WARMUP_MS + DURATION_MS + 10_000,
        );
        const serverCpu = meter.stop();
        const otherCpu = others.stop();
        await sleep(1000); // let the last deliveries land
        for (const loader of receivers) loader.send({ type: "collect" });
        const parts = await collect(receivers, "result", 15_000);
        const latency = summarize(mergeSorted(parts.map((part) => part.samples)));
        return {
          ...latency,
          members,
          // Over the span the measured publishes covered (the schedule may fit one fewer in).
          perSecond: (latency.count * RATE) / published.measured,
          expected: published.measured * members,
          published: published.published,
          // Server CPU per publish: the fan-out loop is synchronous, so the last member's frame
          // leaves at least this long after the publish came in.
          serverMsPerPublish: (serverCpu * (WARMUP_MS + DURATION_MS)) / published.published,
          setupMs,
          setupFrames: ready.reduce((sum, part) => sum + part.setupFrames, 0),
          serverCpu,
          otherCpu,
          receiverCpuSeconds: parts.reduce((sum, part) => sum + part.cpuSeconds, 0),
          unexpectedCloses: parts.reduce((sum, part) => sum + part.unexpectedCloses, 0),
          serverStats: await server.stats(),
        };
      } finally {
        // Stop the server first: with it gone, 5,000 disconnects cost it nothing (SocketScope
        // would otherwise send a presence frame to every remaining member for each one).
        await server.kill();
        await stopAll(loaders);
      }
    });
  }
  return results;
}

/**
 * Forks the receivers (added to `loaders`), spread evenly over `urls` (receiver i joins through
 * urls[i % urls.length]), and waits until they joined, or the budget ran out.
 */
export async function fillRoom(urls, loaders) {
  const startAt = performance.now();
  const receivers = Array.from({ length: PROCESSES }, (_, i) =>
    forkLoader("./load-room.mjs", {
      url: urls[i % urls.length],
      role: "receivers",
      count: RECEIVERS / PROCESSES,
      deadlineMs: JOIN_BUDGET_MS + 120_000,
    }),
  );
  loaders.push(...receivers);
  const allReady = Promise.all(receivers.map((r) => r.expect("ready", JOIN_BUDGET_MS + 60_000)));
  let timer;
  const budget = new Promise((resolve) => {
    timer = setTimeout(resolve, JOIN_BUDGET_MS, "budget");
  });
  try {
    if ((await Promise.race([allReady, budget])) === "budget") {
      for (const receiver of receivers) receiver.send({ type: "enough" });
    }
    const ready = await allReady;
    return { receivers, ready, setupMs: performance.now() - startAt };
  } finally {
    clearTimeout(timer);
  }
}

// The size of SocketScope's message frame in this benchmark ({"type":"message","room":…}).
const FLOOR_FRAME_BYTES = 110;
const FLOOR_WAVES = 20;
const FLOOR_SINK_PROCESSES = 2;

/**
 * The kernel floor of one fan-out wave: the median time `senders` threads (one process each)
 * take to write a frame to each of their share of 5,000 loopback sockets, with no WebSocket code
 * on either side, their waves starting together (ms, per wave: from the first start to the last
 * end). One sender is what a server in one process faces; two, a fan-out split over two.
 */
export async function measureSendFloor({ senders = 1 } = {}) {
  const loaders = [];
  try {
    const share = RECEIVERS / senders;
    const senderLoaders = [];
    for (let i = 0; i < senders; i++) {
      const sender = forkLoader("./load-floor-sender.mjs", {
        count: share,
        frameBytes: FLOOR_FRAME_BYTES,
        waves: FLOOR_WAVES,
        gapMs: 1000 / RATE,
        deadlineMs: 120_000,
      });
      loaders.push(sender);
      senderLoaders.push(sender);
      const { port } = await sender.expect("ready", 10_000);
      // The same number of receiving processes in all, however many senders.
      const sinkProcesses = FLOOR_SINK_PROCESSES / senders;
      const sinkConfig = { port, count: share / sinkProcesses, deadlineMs: 120_000 };
      const sinks = await forkAll(
        "./load-floor-sinks.mjs",
        Array.from({ length: sinkProcesses }, () => sinkConfig),
        60_000,
      );
      loaders.push(...sinks.loaders);
    }
    const startAt = performance.timeOrigin + performance.now() + 1000;
    for (const sender of senderLoaders) sender.send({ type: "start", startAt });
    const results = await collect(senderLoaders, "result", 60_000);
    const waveMs = Array.from({ length: FLOOR_WAVES }, (_, wave) => {
      const starts = results.map((r) => r.endsAt[wave] - r.waveMs[wave]);
      const ends = results.map((r) => r.endsAt[wave]);
      return Math.max(...ends) - Math.min(...starts);
    });
    const sorted = Float64Array.from(waveMs).sort();
    return {
      waveMs: sorted[Math.floor(sorted.length / 2)],
      waves: sorted.length,
      frameBytes: FLOOR_FRAME_BYTES + 2,
    };
  } finally {
    await stopAll(loaders);
  }
}
