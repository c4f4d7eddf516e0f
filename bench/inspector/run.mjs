// `npm run bench:inspector`: drives the built inspector in headless Chromium against the
// bundled server's /firehose and /broadcast, and prints each figure with MET/MISSED. Exits
// non-zero only when a measurement fails to run; a missed target is reported, not failed.
import { availableParallelism, loadavg } from "node:os";
import { launchBrowser } from "../shared/browser.mjs";
import { startServer } from "../shared/server.mjs";
import { measureBare } from "./measure-bare.mjs";
import { measureBlock } from "./measure-block.mjs";
import { measureIngest } from "./measure-ingest.mjs";
import { measureRetention } from "./measure-retention.mjs";
import { blockFigures, ingestFigures, printFigures, retentionFigures } from "./report.mjs";

/** 64-byte text frames at 50,000/s for 10 s: measurements 1 and 2 use the same stream. */
const STREAM = { rate: 50_000, count: 500_000, size: 64, timeoutMs: 150_000 };
/** Rounds of bare page + inspector: single rounds on two shared cores vary by a third. */
const INGEST_ROUNDS = 3;
/** A short stream first, so neither timed run pays for a cold server or browser. */
const WARM_UP = { ...STREAM, count: 50_000, timeoutMs: 30_000 };
/** A million frames as fast as the browser takes them; room in the store for the events too. */
const RETENTION = {
  rate: 200_000,
  count: 1_000_000,
  size: 64,
  maxFrames: 1_100_000,
  maxMiB: 512,
  filters: ["999999 ", "no frame contains this"],
  timeoutMs: 200_000,
};
/** A timestamp every 2 ms for 800 ms, the main thread blocked for 200 ms in the middle. */
const BLOCK = { intervalMs: 2, durationMs: 800, blockMs: 200 };

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(" ");
const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/** Every figure with a target, for the summary at the end. */
const targets = [];

/** Runs one measurement and prints its figures, or its error (which fails the run). */
async function step(title, measure, toFigures) {
  const started = performance.now();
  console.log(`\n${title}`);
  try {
    const figures = toFigures(await measure());
    printFigures(figures);
    targets.push(...figures.filter((figure) => figure.target !== undefined));
    console.log(`  (took ${seconds(started)}; load average ${load()})`);
  } catch (error) {
    console.log(`  ERROR: ${error instanceof Error ? error.stack : error}`);
    process.exitCode = 1;
  }
}

const runStarted = performance.now();
let server;
let browser;
const shutdown = async () => {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
};
for (const signal of ["SIGINT", "SIGTERM"]) {
  process.once(signal, () => {
    shutdown().finally(() => process.exit(130));
  });
}

try {
  server = await startServer();
  browser = await launchBrowser();
  console.log(
    `SocketScope inspector bench: Chromium ${browser.version()}, ${availableParallelism()} CPUs, load average ${load()}`,
  );
  await measureBare(browser, server, WARM_UP);

  const stream = `${STREAM.count} × ${STREAM.size} B text frames at ${STREAM.rate}/s`;
  await step(
    `1 + 2. ${stream}, ${INGEST_ROUNDS} rounds: a bare page (its Worker only counts), then the inspector stuck to the bottom`,
    async () => {
      const rounds = [];
      for (let round = 0; round < INGEST_ROUNDS; round++) {
        const bare = await measureBare(browser, server, STREAM);
        const ingest = await measureIngest(browser, server, STREAM);
        rounds.push({ bareMs: bare.elapsedMs, ingest });
      }
      return rounds;
    },
    (rounds) => ingestFigures(rounds, STREAM),
  );
  await step(
    `3. A million frames: ${RETENTION.count} × ${RETENTION.size} B at up to ${RETENTION.rate}/s`,
    () => measureRetention(browser, server, RETENTION),
    retentionFigures,
  );
  await step(
    `4. Main thread blocked ${BLOCK.blockMs} ms; /broadcast delivers a timestamp every ${BLOCK.intervalMs} ms`,
    () => measureBlock(browser, server, BLOCK),
    blockFigures,
  );
} catch (error) {
  console.log(`ERROR: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await shutdown();
}

console.log("\nSummary");
for (const { label, value, target, met } of targets)
  console.log(`  ${met ? "MET   " : "MISSED"} ${label}: ${value} (target ${target})`);
console.log(`done in ${seconds(runStarted)}${process.exitCode ? " (with errors)" : ""}`);
