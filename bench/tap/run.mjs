// `npm run bench:tap`: a load generator through a tap to a plain `ws` echo server (its own
// process), beside the same load going to that echo directly and through a bare `ws` proxy (the
// floor for any tap on Node and `ws`), in the same run, in alternating rounds, while the
// inspector (headless Chromium over a bare DevTools pipe, on the built server) watches the tap. Loopback only; every
// stage has a deadline. Prints each figure with its target and MET/MISSED.
//   throughput  echoes/s through the tap ÷ direct (target ≥ 0.8), the median of the rounds, each
//               tap round against the direct round just before it
//   latency     p50 RTT added by the tap at a fixed open-loop rate (target < 0.2 ms)
//   mirror      at 20,000 frames/s through the tap, every frame reaches the inspector
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { loadavg } from "node:os";
import { fileURLToPath } from "node:url";
import WebSocket from "ws";
import { stopChild, track } from "../server/children.mjs";
import { forkAll, runMeasured, stopAll } from "../server/loaders.mjs";
import { treeMeter } from "../server/procfs.mjs";
import { startServer } from "../server/servers.mjs";
import { mergeSorted, summarize } from "../server/stats.mjs";
import { launchCdpBrowser } from "../shared/cdp-browser.mjs";
import { watchInInspector } from "./inspector-watch.mjs";

/** A mirrored frame's header (echo-server/protocol/tap-wire.ts); its payload length is at byte 14. */
const TAP_FRAME_HEADER_BYTES = 18;
const ROUNDS = 5;
const THROUGHPUT = { connections: 20, window: 32, warmupMs: 1000, durationMs: 3000 };
const LATENCY = { rate: 2000, connections: 10, warmupMs: 1000, durationMs: 3000 };
/** Messages per second the app sends; each is echoed, so twice as many frames pass the tap. */
const MIRROR_RATES = [10_000, 20_000];
const MIRROR = { connections: 10, warmupMs: 0, durationMs: 4000, drainMs: 10_000 };
/** The whole run's deadline: nothing here may hang a shared machine. */
const DEADLINE_MS = 8 * 60_000;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const fmt = (value, digits = 2) => value.toFixed(digits);
const verdict = (ok) => (ok ? "MET" : "MISSED");
const grouped = (n) => Math.round(n).toLocaleString("en-US");
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");

/**
 * Echoes/s with `window` in flight on each connection, and the CPU time the process in the
 * middle (`pid`: the echo server, the tap or the proxy) spent per echo, in µs. On a shared
 * machine the rate swings with other work; CPU time per message much less.
 */
async function pipelined(url, pid) {
  const config = { url, mode: "pipelined", deadlineMs: 60_000, ...THROUGHPUT };
  const { loaders } = await forkAll("./load-echo.mjs", [config], 20_000);
  try {
    const chromium = browserPid ? treeMeter(browserPid) : undefined;
    const { parts, serverCpu, otherCpu } = await runMeasured(loaders, pid, THROUGHPUT);
    const rate = parts.reduce((sum, part) => sum + (part.measured * 1000) / part.elapsedMs, 0);
    return {
      rate,
      cpuMicros: (serverCpu * 1e6) / rate,
      chromiumCores: chromium?.stop() ?? 0,
      otherCores: otherCpu,
    };
  } finally {
    await stopAll(loaders);
  }
}

async function openLoop(url, pid, settings) {
  const config = { url, mode: "rate", deadlineMs: 60_000, ...settings };
  const { loaders } = await forkAll("./load-echo.mjs", [config], 20_000);
  try {
    const { parts } = await runMeasured(loaders, pid, settings);
    const rtt = summarize(mergeSorted(parts.map((part) => part.samples)));
    const sent = parts.reduce((sum, part) => sum + part.sent, 0);
    const received = parts.reduce((sum, part) => sum + part.received, 0);
    return { rtt, sent, received };
  } finally {
    await stopAll(loaders);
  }
}

/** The pid of this process's child whose command name matches `pattern` (the browser). */
function childNamed(pattern) {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const name = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
      const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (ppid === process.pid && pattern.test(name)) return Number(entry);
    } catch {
      // It exited while we looked.
    }
  }
  return undefined;
}

/** Resolves once `read()` has not changed for a second (at most 60 s). */
async function quiet(read) {
  const until = Date.now() + 60_000;
  let last = read();
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const now = read();
    if (now === last || Date.now() > until) return;
    last = now;
  }
}

/** Starts the bare proxy to `target` in its own process. */
async function startBareProxy(target) {
  const script = fileURLToPath(new URL("./bare-proxy.mjs", import.meta.url));
  const child = track(
    spawn(process.execPath, [script, target], { stdio: ["ignore", "pipe", "inherit"] }),
  );
  const port = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("bare proxy did not start")), 10_000);
    child.stdout.on("data", (chunk) => {
      const match = /listening (\d+)/.exec(String(chunk));
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
    child.once("exit", (code) => reject(new Error(`bare proxy exited (${code})`)));
  });
  return { pid: child.pid, url: `ws://127.0.0.1:${port}/echo`, stop: () => stopChild(child) };
}

/**
 * A Node watcher of the tap, beside the inspector: counts the mirrored frames the tap sent
 * (each binary watch message holds one or more, back to back) and the frames it said were missed.
 */
async function nodeWatcher(scope, tap = "echo") {
  const ws = new WebSocket(scope.url(`/tap-watch/${tap}`), {
    origin: `http://127.0.0.1:${scope.port}`,
  });
  const counts = { frames: 0, missed: 0 };
  ws.on("message", (data, isBinary) => {
    if (!isBinary) {
      const event = JSON.parse(data.toString());
      if (event.type === "missed") counts.missed += event.frames;
      return;
    }
    // A frame with the Wire flag (16) has its wire size (9 bytes) between header and payload.
    for (let at = 0; at < data.length; counts.frames++)
      at += TAP_FRAME_HEADER_BYTES + (data[at + 1] & 16 ? 9 : 0) + data.readUInt32LE(at + 14);
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  return { counts, close: () => ws.close() };
}

const deadline = setTimeout(() => {
  console.error(`bench:tap: the run passed its deadline of ${DEADLINE_MS / 1000} s`);
  process.exit(3);
}, DEADLINE_MS);
deadline.unref();

const bare = await startServer("bare", []);
const scope = await startServer("socketscope", [
  "--tap",
  `echo=${bare.url("/echo")}`,
  "--tap",
  `quiet=${bare.url("/echo")}`,
  "--tap",
  `node=${bare.url("/echo")}`,
  "--rate-limit",
  "0",
]);
const proxy = await startBareProxy(bare.url("/echo"));
const routes = [
  { label: "direct", url: bare.url("/echo"), pid: bare.pid },
  { label: "tap", url: scope.url("/tap/echo"), pid: scope.pid },
  // The same tap's work with nobody watching: what the mirror and the inspector add.
  { label: "tap, unwatched", url: scope.url("/tap/quiet"), pid: scope.pid },
  { label: "bare proxy", url: proxy.url, pid: proxy.pid },
];
let browser;
let browserPid;
let watcher;
try {
  console.log(
    `Tap benchmark: load → tap → bare ws echo, beside load → echo directly and load → bare ws proxy → echo (Node ${process.version}); load average at start ${load()}`,
  );
  // Chromium over a bare DevTools pipe, not Playwright: see inspector-watch.mjs.
  browser = await launchCdpBrowser();
  browserPid = childNamed(/chrom/i);
  const inspector = await watchInInspector(browser, `http://127.0.0.1:${scope.port}`, "echo");
  console.log("The inspector watches the tap in headless Chromium for the whole run.");

  const throughput = Object.fromEntries(routes.map((route) => [route.label, []]));
  const cpu = Object.fromEntries(routes.map((route) => [route.label, []]));
  const chromiumCores = Object.fromEntries(routes.map((route) => [route.label, []]));
  const otherCores = [];
  const chromiumPerFrame = [];
  for (let round = 0; round < ROUNDS; round++)
    for (const route of routes) {
      const measured = await pipelined(route.url, route.pid);
      throughput[route.label].push(measured.rate);
      cpu[route.label].push(measured.cpuMicros);
      chromiumCores[route.label].push(measured.chromiumCores);
      // Two frames pass the tap per echo, and the watching inspector takes both.
      if (route.label === "tap")
        chromiumPerFrame.push((measured.chromiumCores * 1e6) / (2 * measured.rate));
      otherCores.push(measured.otherCores);
    }
  // Each tap round against the direct round just before it, as bench:inspector pairs its rounds:
  // the machine drifts between a fast and a slow state over a run (direct swings by a fifth),
  // and a pair shares its state where two medians taken apart need not.
  const roundRatios = throughput.tap.map((rate, i) => rate / (throughput.direct[i] ?? rate));
  const tapRatio = median(roundRatios);
  const mediansRatio = median(throughput.tap) / median(throughput.direct);
  const floorRatio = median(throughput["bare proxy"]) / median(throughput.direct);
  console.log(
    `\n1. Throughput, 64 B echoes, ${THROUGHPUT.connections} connections × ${THROUGHPUT.window} in flight, ${ROUNDS} alternating rounds (msg/s)`,
  );
  for (const route of routes)
    console.log(
      `   ${route.label.padEnd(15)} ${throughput[route.label].map(grouped).join(", ")} (median ${grouped(median(throughput[route.label]))}); CPU of the process in the middle: median ${fmt(median(cpu[route.label]), 1)} µs per echo`,
    );
  console.log(
    `   tap ÷ direct, median round: ${fmt(tapRatio)} (rounds: ${roundRatios.map((ratio) => fmt(ratio)).join(", ")}) (target ≥ 0.80) ${verdict(tapRatio >= 0.8)}`,
  );
  console.log(`   median tap ÷ median direct, for comparison: ${fmt(mediansRatio)}`);
  console.log(
    `   Chromium (the watching inspector) used ${routes.map((route) => `${fmt(median(chromiumCores[route.label]))} cores in ${route.label} rounds`).join(", ")} (medians); other work on the machine: median ${fmt(median(otherCores))} cores`,
  );
  console.log(
    `   the inspector's CPU per mirrored frame: median ${fmt(median(chromiumPerFrame), 1)} µs (the tap's own: ${fmt(median(cpu.tap) / 2, 1)} µs per frame; direct has neither)`,
  );
  console.log(
    `   bare proxy ÷ direct (the floor): ${fmt(floorRatio)}; tap ÷ bare proxy: ${fmt(mediansRatio / floorRatio)}; unwatched tap ÷ direct: ${fmt(median(throughput["tap, unwatched"]) / median(throughput.direct))}`,
  );
  console.log(`   load average ${load()}`);

  // The throughput rounds left the tab a backlog and a full log: let it catch up and start
  // afresh, as a tab watching an app at this rate would be.
  await inspector.clear();
  // From here on a Node process watches the tap too, to count the mirror on its own; the
  // throughput rounds had the inspector alone, as a user's session would.
  watcher = await nodeWatcher(scope);
  // A fifth route for latency: a tap that a Node process watches instead of the browser (the
  // same mirror, batched the same way), to tell the tap's mirroring from the browser's cost.
  const nodeWatched = await nodeWatcher(scope, "node");
  const latencyRoutes = [
    ...routes,
    { label: "tap, Node watches", url: scope.url("/tap/node"), pid: scope.pid },
  ];
  const latency = Object.fromEntries(latencyRoutes.map((route) => [route.label, []]));
  for (let round = 0; round < ROUNDS; round++)
    for (const route of latencyRoutes)
      latency[route.label].push((await openLoop(route.url, route.pid, LATENCY)).rtt.p50);
  nodeWatched.close();
  const added = median(latency.tap) - median(latency.direct);
  const floorAdded = median(latency["bare proxy"]) - median(latency.direct);
  const quietAdded = median(latency["tap, unwatched"]) - median(latency.direct);
  console.log(
    `\n2. Latency, 64 B echoes at ${grouped(LATENCY.rate)} msg/s open loop over ${LATENCY.connections} connections, p50 RTT (ms), ${ROUNDS} alternating rounds`,
  );
  for (const route of latencyRoutes)
    console.log(
      `   ${route.label.padEnd(17)} ${latency[route.label].map((v) => fmt(v, 3)).join(", ")} (median ${fmt(median(latency[route.label]), 3)})`,
    );
  console.log(
    `   added by the tap (median − median): ${fmt(added, 3)} ms (target < 0.2) ${verdict(added < 0.2)}`,
  );
  console.log(
    `   added by the bare proxy (the floor): ${fmt(floorAdded, 3)} ms; by the unwatched tap: ${fmt(quietAdded, 3)} ms; by the tap a Node process watches: ${fmt(median(latency["tap, Node watches"]) - median(latency.direct), 3)} ms`,
  );
  console.log(`   load average ${load()}`);

  console.log(`\n3. Mirror: every frame through the tap reaches the inspector`);
  for (const rate of MIRROR_RATES) {
    // Earlier traffic has finished arriving, so the counts below are this stream's alone.
    await quiet(() => watcher.counts.frames);
    await inspector.settle(Number.POSITIVE_INFINITY, 60_000);
    const before = {
      frames: watcher.counts.frames,
      nodeMissed: watcher.counts.missed,
      shown: await inspector.frames(),
      missed: await inspector.missed(),
    };
    const run = await openLoop(scope.url("/tap/echo"), scope.pid, { ...MIRROR, rate });
    const expected = run.sent + run.received;
    const shown = (await inspector.settle(before.shown + expected, 30_000)) - before.shown;
    const missed = (await inspector.missed()) - before.missed;
    await quiet(() => watcher.counts.frames);
    const seen = watcher.counts.frames - before.frames;
    const frameRate = (expected * 1000) / MIRROR.durationMs;
    const echoes =
      run.received === run.sent
        ? "every message echoed"
        : `${grouped(run.sent - run.received)} not echoed within ${MIRROR.drainMs / 1000} s`;
    console.log(
      `   ${grouped(rate)} msg/s for ${MIRROR.durationMs / 1000} s: ${grouped(frameRate)} frames/s through the tap (${grouped(run.sent)} sent, ${grouped(run.received)} echoed; ${echoes})`,
    );
    console.log(
      `     the inspector shows ${grouped(shown)} of ${grouped(expected)} (${grouped(missed)} reported missed) ${verdict(shown === expected)}`,
    );
    console.log(
      `     a Node watcher got ${grouped(seen)} of ${grouped(expected)} (${grouped(watcher.counts.missed - before.nodeMissed)} reported missed)`,
    );
  }
  console.log(`\nLoad average at the end ${load()}`);
  await inspector.close();
} finally {
  watcher?.close();
  await browser?.close().catch(() => {});
  await proxy.stop();
  await scope.stop();
  await bare.stop();
}
