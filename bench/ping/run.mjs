// `npm run bench:ping`: the inspector's ping loop against the bundled /echo.
// 1. Median RTT, closed loop, beside a Node `ws` client's in the same run (target: within 0.5 ms).
// 2. Pacing at a 10 ms interval: mean interval within 2%, p99 send jitter under 2 ms.
import { launchBrowser, openPage } from "../shared/browser.mjs";
import { startServer } from "../shared/server.mjs";
import { median, quantile } from "../shared/stats.mjs";
import { inspectorPingRun } from "./inspector-ping.mjs";
import { nodeEchoRtts } from "./node-rtt.mjs";
import { startWakeProbe } from "./wake-probe.mjs";

const RTT_PINGS = 2000;
const PACED_PINGS = 500;
const INTERVAL_MS = 10;

const verdict = (met) => (met ? "MET" : "MISSED");
const ms = (value) => `${value.toFixed(3)} ms`;

const server = await startServer();
const browser = await launchBrowser();
try {
  const { page, close } = await openPage(browser);
  await page.goto(`${server.origin}/`);

  // Warm both paths up first so JIT and connection setup do not count.
  await nodeEchoRtts(server.wsOrigin, 200);
  const nodeRtts = await nodeEchoRtts(server.wsOrigin, RTT_PINGS);
  const { rows: closedRun } = await inspectorPingRun(page, server.wsOrigin, {
    count: RTT_PINGS,
    closedLoop: true,
  });
  const inspectorRtts = closedRun.map((row) => row.rtt).filter((rtt) => !Number.isNaN(rtt));
  const nodeMedian = median(nodeRtts);
  const inspectorMedian = median(inspectorRtts);
  const gap = inspectorMedian - nodeMedian;
  console.log(`RTT, closed loop, ${RTT_PINGS} pings to /echo`);
  console.log(`  Node ws client   median ${ms(nodeMedian)}  p99 ${ms(quantile(nodeRtts, 0.99))}`);
  console.log(
    `  inspector        median ${ms(inspectorMedian)}  p99 ${ms(quantile(inspectorRtts, 0.99))}  (${inspectorRtts.length} answered)`,
  );
  console.log(`  difference       ${ms(gap)} (target ≤ 0.5 ms) ${verdict(gap <= 0.5)}`);

  const { rows: pacedRun, alongside: wakeLateness } = await inspectorPingRun(
    page,
    server.wsOrigin,
    {
      count: PACED_PINGS,
      intervalMs: INTERVAL_MS,
      whileRunning: () => startWakeProbe(INTERVAL_MS),
    },
  );
  const sends = pacedRun.map((row) => row.sentAt).sort((a, b) => a - b);
  const intervals = sends.slice(1).map((time, i) => time - (sends[i] ?? time));
  const meanInterval = intervals.reduce((sum, value) => sum + value, 0) / intervals.length;
  const first = sends[0] ?? 0;
  const jitters = sends.map((time, i) => Math.abs(time - (first + i * INTERVAL_MS)));
  const meanError = Math.abs(meanInterval - INTERVAL_MS) / INTERVAL_MS;
  const p99Jitter = quantile(jitters, 0.99);
  console.log(`Pacing, ${PACED_PINGS} pings every ${INTERVAL_MS} ms (worker send timestamps)`);
  console.log(
    `  mean interval    ${ms(meanInterval)}: ${(meanError * 100).toFixed(2)}% off (target ≤ 2%) ${verdict(meanError <= 0.02)}`,
  );
  console.log(
    `  p99 send jitter  ${ms(p99Jitter)} from the ideal schedule (target < 2 ms) ${verdict(p99Jitter < 2)}`,
  );
  console.log(`  max send jitter  ${ms(Math.max(...jitters))}`);
  console.log(
    `  timer floor      a Node thread sleeping to the same schedule meanwhile woke p99 ${ms(quantile(wakeLateness, 0.99))} late (max ${ms(Math.max(...wakeLateness))}, ${wakeLateness.length} wake-ups)`,
  );
  await close();
} finally {
  await browser.close();
  await server.stop();
}
