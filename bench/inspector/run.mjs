// `npm run bench:inspector`: what a user of the inspector experiences, measured from outside.
// A plain `ws` server in its own process (flood-server.mjs) streams 64 B text frames at 50,000/s
// for 4 s; the inspector, opened from the built bundled server (what `npm start` serves), takes
// the stream in headless Chromium, beside a bare page whose Worker only counts frames. Rounds
// alternate (bare, floor, inspector, bare again as a control…), every round is printed as a
// Markdown table, and the verdicts go by the median round. Exits non-zero only when a
// measurement fails to run; a missed target is reported, not failed.
import { availableParallelism, loadavg } from "node:os";
import { launchCdpBrowser } from "../shared/cdp-browser.mjs";
import { startServer } from "../shared/server.mjs";
import { startFloodServer } from "./flood.mjs";
import { measureSession } from "./measure-session.mjs";
import { printFigures } from "./report.mjs";
import { cpuLines, medianFigures, roundRows } from "./session-report.mjs";

/** 64-byte text frames at 50,000/s for 4 s. */
const STREAM = { rate: 50_000, count: 200_000, size: 64 };
/** Alternating rounds of the pages. */
const ROUNDS = Number(process.env.ROUNDS ?? 3);
/**
 * The pages of a round, in order: the bare page, the floor page, the inspector, and the bare page
 * again as a control. The floor page stamps and keeps every frame and shows the count twice a
 * second (bare-page.mjs): its time over the bare page's is the least a live capture can score.
 * The control's time over the first bare page's is what the same page scores against itself: the
 * noise under every ratio, measured in the same run.
 */
const ROLES = ["bare", "floor", "inspector", "control"];
/** A short stream through both pages first, so no timed round pays for a cold start. */
const WARM_UP = { ...STREAM, count: 20_000 };
/** Longest a round may take; the catch-up watched after Closed. */
const ROUND = { timeoutMs: 150_000, settleMs: 2000 };
/**
 * ws's wait for the browser's reply to its close frame, raised from 30 s so that a slow round
 * is measured rather than cut off with 1006 (see the README on the 1006 after a long drain).
 */
const CLOSE_TIMEOUT_MS = 300_000;

/** The load average as `uptime` prints it: 1, 5 and 15 minutes. */
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

const runStarted = performance.now();
let server;
let flood;
let browser;
const shutdown = async () => {
  await browser?.close().catch(() => {});
  await flood?.stop().catch(() => {});
  await server?.stop().catch(() => {});
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    shutdown().finally(() => process.exit(130));
  });
}

try {
  server = await startServer();
  flood = await startFloodServer({ closeTimeoutMs: CLOSE_TIMEOUT_MS });
  browser = await launchCdpBrowser();
  console.log(
    `SocketScope inspector bench: ${browser.version()}, Node ${process.version}, ${availableParallelism()} CPUs, load average ${load()}`,
  );
  console.log(
    `Stream: ${STREAM.count.toLocaleString("en-US")} × ${STREAM.size} B text frames at ${STREAM.rate.toLocaleString("en-US")}/s from a plain ws server in its own process; ${ROUNDS} alternating rounds\n`,
  );
  const options = { server, flood, ...ROUND };
  for (const kind of ["bare", "floor", "inspector"])
    await measureSession(browser, kind, { ...options, stream: WARM_UP });

  const rounds = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const role of ROLES) {
      const kind = role === "control" ? "bare" : role;
      const result = await measureSession(browser, kind, { ...options, stream: STREAM });
      rounds.push({ round, role, frames: STREAM.count, load: load(), ...result });
      console.log(
        `  round ${round} ${role}: ${(result.elapsedMs / 1000).toFixed(2)} s, load ${load()}`,
      );
    }
  }
  console.log("");
  for (const line of roundRows(rounds)) console.log(line);
  console.log("\nCPU seconds by process/thread, click to the end of the catch-up:");
  for (const line of cpuLines(rounds)) console.log(line);
  console.log("");
  printFigures(medianFigures(rounds));
} catch (error) {
  console.log(`ERROR: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await shutdown();
}
console.log(
  `\ndone in ${seconds(runStarted)}, load average ${load()}${process.exitCode ? " (with errors)" : ""}`,
);
