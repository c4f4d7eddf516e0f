// What every load generator process shares: its config, IPC with the runner, a hard deadline,
// and opening many client connections with bounded concurrency.
import WebSocket from "ws";

/** The config the runner passed as the first argument (JSON). */
export const config = JSON.parse(process.argv[2] ?? "{}");

// Bounded in time whatever happens: a loader never outlives its deadline or its runner.
setTimeout(() => {
  process.stderr.write(`${process.argv[1]}: deadline of ${config.deadlineMs} ms reached\n`);
  process.exit(3);
}, config.deadlineMs ?? 120_000).unref();
process.on("disconnect", () => process.exit(0));

const inbox = [];
const waiters = [];
process.on("message", (message) => {
  const index = waiters.findIndex((waiter) => waiter.type === message.type);
  if (index >= 0) waiters.splice(index, 1)[0].resolve(message);
  else inbox.push(message);
});

/** Resolves with the next command of `type` from the runner (commands that came early are kept). */
export function command(type) {
  const index = inbox.findIndex((message) => message.type === type);
  if (index >= 0) return Promise.resolve(inbox.splice(index, 1)[0]);
  return new Promise((resolve) => waiters.push({ type, resolve }));
}

/** Sends a message to the runner. */
export function report(message) {
  process.send(message);
}

/** Runs `main`, reporting a failure to stderr and exiting non-zero. */
export function run(main) {
  main().then(
    () => process.exit(0),
    (error) => {
      process.stderr.write(`${process.argv[1]}: ${error?.stack ?? error}\n`);
      process.exit(1);
    },
  );
}

const CLIENT_OPTIONS = {
  perMessageDeflate: false,
  handshakeTimeout: 30_000,
  // The load generator shares two cores with the server: spare it work the server never sees.
  skipUTF8Validation: true,
  // An all-zero masking key lets ws skip the XOR on this side (the frame is still masked as the
  // protocol requires, and both servers' ws receivers skip the XOR for a zero key alike).
  generateMask: (mask) => mask.fill(0),
};

/**
 * Opens one connection. It counts as open on the "open" event, or, with `welcome`, on the first
 * text frame starting with {"type":"welcome" (a room join). `onMessage(ws, data, isBinary)` sees
 * every frame from the start.
 */
export function openOne(url, { welcome = false, onMessage } = {}) {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, CLIENT_OPTIONS);
    let settled = false;
    const done = (error) => {
      if (settled) return;
      settled = true;
      if (error) reject(error);
      else resolve(ws);
    };
    ws.on("error", done);
    ws.once("close", (code) => done(new Error(`closed with ${code} before it was ready`)));
    ws.on("message", (data, isBinary) => {
      if (welcome && !settled && !isBinary && data.toString().startsWith('{"type":"welcome"')) {
        done();
      }
      onMessage?.(ws, data, isBinary);
    });
    if (!welcome) ws.once("open", () => done());
  });
}

/**
 * Opens `count` connections, at most `concurrency` handshakes at a time (a burst of thousands
 * would overflow the listen backlog and wait for SYN retries). Rejects on the first failure.
 * Once `options.enough()` is true, no new handshake starts and it resolves with those open.
 */
export async function openMany(url, count, options = {}) {
  const sockets = [];
  const enough = options.enough ?? (() => false);
  let next = 0;
  const worker = async () => {
    while (next < count && !enough()) {
      next++;
      sockets.push(await openOne(url, options));
    }
  };
  await Promise.all(Array.from({ length: Math.min(count, options.concurrency ?? 50) }, worker));
  return sockets;
}

/** Watches connections for closes and errors the benchmark did not ask for. */
export function watchCloses(sockets) {
  const seen = { closed: 0, errors: 0, codes: {} };
  for (const ws of sockets) {
    ws.on("close", (code) => {
      seen.closed++;
      seen.codes[code] = (seen.codes[code] ?? 0) + 1;
    });
    ws.on("error", () => seen.errors++);
  }
  return seen;
}

/** Resolves after `ms`. */
export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** CPU time this process used between two points, as a share of one core. */
export function cpuShare(startUsage, startAt) {
  const usage = process.cpuUsage(startUsage);
  return (usage.user + usage.system) / 1000 / (performance.now() - startAt);
}
