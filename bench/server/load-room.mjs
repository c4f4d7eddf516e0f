// Load generator for a /rooms/<room> fan-out, in one of two roles:
//   receivers  up to `count` members that record, for each measured message, publisher send time
//              → arrival time (wall clock shared by all processes on this machine), and count
//              what each member got; the runner may cut joining short with "enough"
//   publisher  one member that publishes `rate` messages/s: warm-up ones ("w:<time>"), then
//              measured ones ("m:<time>"); then, with `burst`, on the runner's "burst" command,
//              `burst` more ("t:<time>") as fast as its server takes them: each one once its
//              own copy of the previous came back, which is when its server finished that wave
// config: { url, role, count?, rate?, warmupMs?, durationMs?, burst?, deadlineMs }
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
const BURST = "t".charCodeAt(0);
/** How long the publisher waits for its own copy of a burst message before it gives up. */
const OWN_COPY_TIMEOUT_MS = 10_000;
/** With expectations, "collect" waits for every delivery, or this long without any frame. */
const QUIET_MS = 2000;

run(config.role === "publisher" ? publisher : receivers);

async function receivers() {
  const setupStart = performance.now();
  let lastFrameAt = performance.now();
  let frames = 0;
  let samples = new Float64Array(1024);
  let recorded = 0;
  let warmups = 0;
  // Per member: measured and burst messages it got, so a miss or a duplicate shows up as one.
  const counts = new Map();
  let bursts = 0;
  let lastBurstAt = 0;
  const onMessage = (ws, data, isBinary) => {
    const arrival = wallNow();
    lastFrameAt = performance.now();
    frames++;
    if (isBinary) return;
    const at = data.indexOf(MARK);
    if (at < 0) return;
    const kind = data[at + MARK.length];
    if (kind === WARMUP) warmups++;
    if (kind !== MEASURED && kind !== BURST) return;
    let count = counts.get(ws);
    if (!count) {
      count = { m: 0, t: 0 };
      counts.set(ws, count);
    }
    if (kind === BURST) {
      count.t++;
      bursts++;
      lastBurstAt = arrival;
      return;
    }
    count.m++;
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
  // `expect`: the measured and burst messages every member should get. Then wait for all of
  // them, or until frames stop coming; without it, report at once.
  const { expect } = await command("collect");
  if (expect) {
    const complete = () =>
      recorded >= expect.m * sockets.length && bursts >= expect.t * sockets.length;
    while (!complete() && performance.now() - lastFrameAt < QUIET_MS) await sleep(50);
  }
  const cpu = process.cpuUsage(cpuStart);
  const missing = { m: 0, t: 0 };
  const extra = { m: 0, t: 0 };
  for (const ws of expect ? sockets : []) {
    const count = counts.get(ws) ?? { m: 0, t: 0 };
    for (const kind of ["m", "t"]) {
      missing[kind] += Math.max(0, expect[kind] - count[kind]);
      extra[kind] += Math.max(0, count[kind] - expect[kind]);
    }
  }
  report({
    type: "result",
    members: sockets.length,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    samples: samples.slice(0, recorded),
    warmups,
    bursts,
    lastBurstAt,
    missing,
    extra,
    unexpectedCloses: closes.closed,
    closeCodes: closes.codes,
  });
  await command("stop");
}

async function publisher() {
  let ownCopy = () => {};
  const onMessage = (_ws, data, isBinary) => {
    const at = isBinary ? -1 : data.indexOf(MARK);
    if (at >= 0 && data[at + MARK.length] === BURST) ownCopy();
  };
  const ws = await openOne(config.url, { welcome: true, onMessage });
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
  if (!config.burst) return command("stop");

  await command("burst");
  const firstSentAt = wallNow();
  let sent = 0;
  let stalled = false;
  while (sent < config.burst && !stalled) {
    let timer;
    const back = new Promise((resolve) => {
      ownCopy = () => resolve(true);
      timer = setTimeout(resolve, OWN_COPY_TIMEOUT_MS, false);
    });
    ws.send(`t:${wallNow().toFixed(3)}`);
    sent++;
    stalled = !(await back);
    clearTimeout(timer);
  }
  report({ type: "burst-result", sent, stalled, firstSentAt });
  await command("stop");
}
