// Load generator for a /rooms/<room> fan-out, in one of two roles:
//   receivers  up to `count` members that record, for each measured message, publisher send time
//              → arrival time (wall clock shared by all processes on this machine); the runner may
//              cut joining short with "enough"
//   publisher  one member that publishes `rate` messages/s: warm-up ones ("w:<time>"), then
//              measured ones ("m:<time>")
// config: { url, role, count?, rate?, warmupMs?, durationMs?, deadlineMs }
import {
  command,
  config,
  openMany,
  openOne,
  report,
  run,
  sleep,
  watchCloses,
} from "./load-common.mjs";

/** Milliseconds on a clock every process on this machine shares. */
const wallNow = () => performance.timeOrigin + performance.now();

// Both servers put the published text in `"data":"…"`. Searching the raw bytes spares decoding
// every frame (thousands of presence frames per join on SocketScope) in these busy processes.
const MARK = Buffer.from('"data":"');
const MEASURED = "m".charCodeAt(0);
const WARMUP = "w".charCodeAt(0);

run(config.role === "publisher" ? publisher : receivers);

async function receivers() {
  const setupStart = performance.now();
  let lastFrameAt = performance.now();
  let frames = 0;
  let samples = new Float64Array(1024);
  let recorded = 0;
  let warmups = 0;
  const onMessage = (_ws, data, isBinary) => {
    const arrival = wallNow();
    lastFrameAt = performance.now();
    frames++;
    if (isBinary) return;
    const at = data.indexOf(MARK);
    if (at < 0) return;
    const kind = data[at + MARK.length];
    if (kind === WARMUP) warmups++;
    if (kind !== MEASURED) return;
    const start = at + MARK.length + 2;
    const sentAt = Number.parseFloat(data.toString("latin1", start, data.indexOf(34, start)));
    if (recorded === samples.length) {
      const bigger = new Float64Array(samples.length * 2);
      bigger.set(samples);
      samples = bigger;
    }
    samples[recorded++] = arrival - sentAt;
  };
  let enough = false;
  command("enough").then(() => {
    enough = true;
  });
  const sockets = await openMany(config.url, config.count, {
    welcome: true,
    onMessage,
    // Each join costs the server work in proportion to the room size: a few handshakes in
    // flight keep it busy, and few are left to finish when the runner says "enough".
    concurrency: 16,
    enough: () => enough,
  });
  const joinedMs = performance.now() - setupStart;
  // Joins make the server send presence frames to the members already in; wait for quiet so the
  // measurement does not start while those are still arriving.
  while (performance.now() - lastFrameAt < 500) await sleep(50);
  const closes = watchCloses(sockets);
  report({
    type: "ready",
    joined: sockets.length,
    joinedMs,
    settledMs: performance.now() - setupStart,
    setupFrames: frames,
  });
  const cpuStart = process.cpuUsage();
  await command("collect");
  const cpu = process.cpuUsage(cpuStart);
  report({
    type: "result",
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    samples: samples.slice(0, recorded),
    warmups,
    unexpectedCloses: closes.closed,
    closeCodes: closes.codes,
  });
  await command("stop");
}

async function publisher() {
  const ws = await openOne(config.url, { welcome: true });
  report({ type: "ready" });
  await command("start");
  const intervalMs = 1000 / config.rate;
  const total = Math.round(((config.warmupMs + config.durationMs) * config.rate) / 1000);
  const startAt = performance.now();
  let measured = 0;
  for (let i = 0; i < total; i++) {
    // A fixed schedule (not "sleep after send"), so the rate holds even if a send is slow.
    const wait = startAt + i * intervalMs - performance.now();
    if (wait > 0) await sleep(wait);
    const kind = performance.now() - startAt < config.warmupMs ? "w" : "m";
    if (kind === "m") measured++;
    ws.send(`${kind}:${wallNow().toFixed(3)}`);
  }
  report({ type: "result", published: total, measured });
  await command("stop");
}
