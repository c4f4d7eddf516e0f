// Measures /firehose pacing: a Node `ws` client in its own process counts a 20,000 msg/s,
// 5 s stream and reports the delivered rate. Target: within 5% of the asked rate.
import { spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import WebSocket from "ws";

const RATE = 20_000;
const SECONDS = 5;

/** A free loopback port. */
async function freePort() {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address();
  probe.close();
  return port;
}

/** Starts the built CLI and resolves once it prints its banner. */
async function startServer(port) {
  const child = spawn(process.execPath, ["dist/server/cli.js", "--port", String(port)], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  let out = "";
  child.stdout.on("data", (chunk) => {
    out += chunk;
  });
  const deadline = Date.now() + 10_000;
  while (!out.includes("Press Ctrl+C")) {
    if (Date.now() > deadline) throw new Error("server did not start");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return child;
}

/** Counts the stream and checks its sequence numbers for gaps. */
async function measure(port) {
  const count = RATE * SECONDS;
  const ws = new WebSocket(`ws://127.0.0.1:${port}/firehose?rate=${RATE}&count=${count}&size=64`);
  let received = 0;
  let gaps = 0;
  let first = 0;
  let last = 0;
  ws.on("message", (data) => {
    const now = performance.now();
    if (received === 0) first = now;
    last = now;
    received++;
    if (Number.parseInt(data.toString().split(" ", 1)[0], 10) !== received) gaps++;
  });
  const [code] = await once(ws, "close");
  // The first message leaves at t=0; `count` messages span (count - 1) / rate seconds.
  const rate = (received - 1) / ((last - first) / 1000);
  return { received, count, gaps, code, rate, seconds: (last - first) / 1000 };
}

const port = await freePort();
const server = await startServer(port);
try {
  const result = await measure(port);
  const error = Math.abs(result.rate - RATE) / RATE;
  console.log(`firehose pacing: asked ${RATE} msg/s for ${SECONDS} s`);
  console.log(
    `  received ${result.received}/${result.count} (${result.gaps} out of order), close ${result.code}`,
  );
  console.log(
    `  delivered ${result.rate.toFixed(0)} msg/s over ${result.seconds.toFixed(3)} s: ${(error * 100).toFixed(2)}% off (target ≤ 5%) ${error <= 0.05 ? "MET" : "MISSED"}`,
  );
} finally {
  server.kill("SIGTERM");
}
