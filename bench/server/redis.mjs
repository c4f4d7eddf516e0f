// A redis-server of the benchmark's own (Debian's package), on a free loopback port, with no
// persistence; tracked like every other child, so it dies with the runner whichever way that ends.
import { spawn } from "node:child_process";
import net from "node:net";
import { Redis } from "ioredis";
import { stopChild, track } from "./children.mjs";
import { summarize } from "./stats.mjs";

/** Starts redis-server and resolves once it accepts connections. */
export async function startRedis() {
  const port = await freePort();
  const child = track(
    spawn(
      "redis-server",
      ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
      { stdio: ["ignore", "pipe", "pipe"] },
    ),
  );
  let output = "";
  await new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`redis-server did not start:\n${output}`)),
      10_000,
    );
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ready to accept connections")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("error", (error) => {
      clearTimeout(timer);
      reject(
        new Error(`redis-server could not run (apt-get install redis-server): ${error.message}`),
      );
    });
    child.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited (${code}) before it was ready:\n${output}`));
    });
  });
  child.stdout.resume();
  return {
    pid: child.pid,
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child, "SIGKILL", 0),
  };
}

/**
 * The Redis hop alone: one client publishes on a channel another has subscribed to, one
 * message at a time, and the time from publish to arrival is taken (ms). A backplane message
 * takes this hop once (publishing process → Redis → subscribing process).
 */
export async function measureRedisHop(url, count = 200) {
  // Fail rather than wait: no retries, no queueing, and the whole measurement bounded.
  const options = { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null };
  const pub = new Redis(url, options);
  const sub = new Redis(url, options);
  // A failure rejects the measurement below; the event would only repeat it on stderr.
  for (const client of [pub, sub]) client.on("error", () => {});
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error("the Redis hop took over 10 s")), 10_000);
  });
  try {
    return await Promise.race([timeout, hops(pub, sub, count)]);
  } finally {
    clearTimeout(timer);
    pub.disconnect();
    sub.disconnect();
  }
}

async function hops(pub, sub, count) {
  await Promise.all([pub.connect(), sub.connect()]);
  await sub.subscribe("bench:hop");
  const samples = new Float64Array(count);
  for (let i = 0; i < count; i++) {
    const arrived = new Promise((resolve) => sub.once("message", resolve));
    const startAt = performance.now();
    await pub.publish("bench:hop", String(i));
    await arrived;
    samples[i] = performance.now() - startAt;
  }
  return summarize(samples.sort());
}

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}
