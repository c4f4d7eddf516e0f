// `npm run bench:firehose`: a Node `ws` client counts a 20,000 msg/s, 5 s /firehose stream and
// reports the delivered rate. Target: within 5% of the asked rate.
import { once } from "node:events";
import WebSocket from "ws";
import { startServer } from "../shared/server.mjs";

const RATE = 20_000;
const SECONDS = 5;

/** Counts the stream and checks its sequence numbers for gaps. */
async function measure(wsOrigin) {
  const count = RATE * SECONDS;
  const ws = new WebSocket(`${wsOrigin}/firehose?rate=${RATE}&count=${count}&size=64`);
  let received = 0;
  let outOfOrder = 0;
  let first = 0;
  let last = 0;
  ws.on("message", (data) => {
    const now = performance.now();
    if (received === 0) first = now;
    last = now;
    received++;
    if (Number.parseInt(data.toString().split(" ", 1)[0], 10) !== received) outOfOrder++;
  });
  const [code] = await once(ws, "close");
  // The first message leaves at t=0; `count` messages span (count - 1) / rate seconds.
  const seconds = (last - first) / 1000;
  return { received, count, outOfOrder, code, rate: (received - 1) / seconds, seconds };
}

const server = await startServer();
try {
  const result = await measure(server.wsOrigin);
  const error = Math.abs(result.rate - RATE) / RATE;
  console.log(`firehose pacing: asked ${RATE} msg/s for ${SECONDS} s`);
  console.log(
    `  received ${result.received}/${result.count} (${result.outOfOrder} out of order), close ${result.code}`,
  );
  console.log(
    `  delivered ${result.rate.toFixed(0)} msg/s over ${result.seconds.toFixed(3)} s: ${(error * 100).toFixed(2)}% off (target ≤ 5%) ${error <= 0.05 ? "MET" : "MISSED"}`,
  );
} finally {
  await server.stop();
}
