// Load generator for /echo, in one of two modes:
//   pipelined  every connection keeps `window` 64-byte messages in flight; counts echoes/s
//   rate       open-loop schedule of `rate` msg/s over all connections; records each RTT
// config: { url, connections, mode, window?, rate?, warmupMs, durationMs, deadlineMs, drainMs? }
// (drainMs: how long to wait for the last echoes after sending stops; default 2000)
import {
  command,
  config,
  cpuShare,
  openMany,
  report,
  run,
  sleep,
  watchCloses,
} from "./load-common.mjs";

const PAYLOAD_BYTES = 64;

run(async () => {
  const sockets = await openMany(config.url, config.connections);
  const closes = watchCloses(sockets);
  report({ type: "ready" });
  await command("start");
  const result = config.mode === "pipelined" ? await pipelined(sockets) : await openLoop(sockets);
  report({ type: "result", ...result, unexpectedCloses: closes.closed, closeCodes: closes.codes });
  await command("stop");
});

/** Keeps `window` messages in flight per connection; counts echoes inside the measured span. */
async function pipelined(sockets) {
  const message = "x".repeat(PAYLOAD_BYTES);
  let sending = true;
  let measuring = false;
  let sent = 0;
  let received = 0;
  let measured = 0;
  let wrong = 0;
  const sendBatch = (ws, count) => {
    // One writev for the whole batch instead of a write per frame: this process shares two
    // cores with the server and must stay cheaper per message than the server it measures.
    // ws has no public way to batch; `_socket` is its (internal) net.Socket.
    ws._socket.cork();
    for (let i = 0; i < count; i++) ws.send(message);
    ws._socket.uncork();
    sent += count;
  };
  for (const ws of sockets) {
    let owed = 0;
    const flush = () => {
      if (sending) sendBatch(ws, owed);
      owed = 0;
    };
    ws.on("message", (data, isBinary) => {
      received++;
      if (measuring) measured++;
      if (isBinary || data.length !== PAYLOAD_BYTES) wrong++;
      // Replace each echo with a new message, so the window stays full until the end. The echoes
      // of one read arrive synchronously; their replacements go out together after them.
      if (owed++ === 0) queueMicrotask(flush);
    });
    sendBatch(ws, config.window);
  }
  await sleep(config.warmupMs);
  measuring = true;
  const cpuStart = process.cpuUsage();
  const startAt = performance.now();
  await sleep(config.durationMs);
  measuring = false;
  const elapsedMs = performance.now() - startAt;
  const cpu = cpuShare(cpuStart, startAt);
  sending = false;
  await drain(() => received >= sent, config.drainMs ?? 2000);
  return { measured, elapsedMs, sent, received, wrong, cpu };
}

/**
 * Sends `rate` msg/s in total, round-robin over the connections, on a 1 ms timer whatever the
 * echoes do (open loop). Each message carries its send time (performance.now()); the echo's
 * arrival minus that is its RTT. Only messages sent inside the measured span are recorded.
 */
async function openLoop(sockets) {
  const samples = new Float64Array(Math.ceil((config.rate * config.durationMs) / 1000) + 1000);
  let recorded = 0;
  let sent = 0;
  let received = 0;
  let wrong = 0;
  let measureFrom = Number.POSITIVE_INFINITY;
  let measureTo = Number.POSITIVE_INFINITY;
  for (const ws of sockets) {
    ws.on("message", (data, isBinary) => {
      const now = performance.now();
      received++;
      if (isBinary || data.length !== PAYLOAD_BYTES) wrong++;
      const sentAt = Number.parseFloat(data.toString());
      if (sentAt >= measureFrom && sentAt < measureTo && recorded < samples.length) {
        samples[recorded++] = now - sentAt;
      }
    });
  }
  const startAt = performance.now();
  measureFrom = startAt + config.warmupMs;
  measureTo = measureFrom + config.durationMs;
  let cpuStart;
  await new Promise((resolve) => {
    const tick = () => {
      const now = performance.now();
      if (!cpuStart && now >= measureFrom) cpuStart = process.cpuUsage();
      const due = Math.min(
        Math.floor(((now - startAt) * config.rate) / 1000),
        Math.floor(((measureTo - startAt) * config.rate) / 1000),
      );
      for (; sent < due; sent++) {
        const ws = sockets[sent % sockets.length];
        ws.send(performance.now().toFixed(6).padEnd(PAYLOAD_BYTES, " "));
      }
      if (now >= measureTo) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  const cpu = cpuShare(cpuStart, measureFrom);
  await drain(() => received >= sent, config.drainMs ?? 2000);
  return { samples: samples.slice(0, recorded), sent, received, wrong, cpu };
}

/** Waits until `done()` holds, for at most `ms`. */
async function drain(done, ms) {
  const until = performance.now() + ms;
  while (!done() && performance.now() < until) await sleep(10);
}
