// `npm run build && node bench/inspector/profile.mjs [inspector|bare] [trace|cpu] [count]`: one
// round of the bench's stream into one page, with Chrome's tracing (CPU per thread, the main
// thread's work, GC, the longest tasks) or V8 CPU profiles of the main thread and the workers
// (self time by function). The evidence behind the README's account of where the cores go.
// TRACE_OUT=file keeps the trace (open it in chrome://tracing or Perfetto).
import { writeFileSync } from "node:fs";
import { launchCdpBrowser } from "../shared/cdp-browser.mjs";
import { startServer } from "../shared/server.mjs";
import { startCpuProfiles, summarizeProfile } from "./cpu-profile.mjs";
import { startFloodServer } from "./flood.mjs";
import { measureSession } from "./measure-session.mjs";
import { summarizeTrace, TRACE_CATEGORIES } from "./trace-summary.mjs";
import { startTracing } from "./tracing.mjs";

const [kind = "inspector", mode = "trace", count = "200000"] = process.argv.slice(2);
const STREAM = { rate: 50_000, count: Number(count), size: 64 };
const f1 = (value) => value.toFixed(1);

const server = await startServer();
const flood = await startFloodServer({ closeTimeoutMs: 300_000 });
const browser = await launchCdpBrowser();
try {
  const instrument = async (page) => {
    if (mode === "cpu") {
      const profiles = await startCpuProfiles(browser, page, { workerUrlPart: "worker" });
      return () => profiles.stop();
    }
    const tracing = await startTracing(browser, TRACE_CATEGORIES);
    return () => tracing.stop();
  };
  const round = await measureSession(browser, kind, {
    server,
    flood,
    stream: STREAM,
    timeoutMs: 200_000,
    settleMs: 2000,
    instrument,
  });
  console.log(
    `${kind}: Connect → Closed ${f1(round.elapsedMs)} ms, complete ${round.complete}, long tasks ${round.longTasks.map((task) => `${task.phase} ${task.duration.toFixed(0)}`).join(", ")}`,
  );
  if (mode === "cpu") {
    for (const { thread, profile } of round.instrumented) {
      const summary = summarizeProfile(profile);
      console.log(`\n${thread}: sampled ${f1(summary.totalMs)} ms, busy ${f1(summary.busyMs)} ms`);
      for (const [name, ms] of summary.functions)
        console.log(`  ${f1(ms).padStart(8)} ms  ${name}`);
    }
  } else {
    if (process.env.TRACE_OUT) writeFileSync(process.env.TRACE_OUT, round.instrumented);
    const { threads, longest } = summarizeTrace(round.instrumented);
    console.log("\nThreads (top-level task CPU / wall, GC wall):");
    for (const thread of threads) {
      console.log(
        `  ${thread.name.padEnd(48)} cpu ${f1(thread.taskCpuMs).padStart(8)} ms  wall ${f1(thread.taskWallMs).padStart(8)} ms  tasks ${String(thread.tasks).padStart(7)}  gc ${f1(thread.gcMs)} ms`,
      );
      if (thread.work.size > 0)
        console.log(
          `      ${[...thread.work.entries()]
            .sort((a, b) => b[1] - a[1])
            .map(([name, ms]) => `${name} ${f1(ms)}`)
            .join(", ")}`,
        );
    }
    console.log("\nLongest main-thread tasks (CPU / wall, and what they held):");
    for (const task of longest)
      console.log(
        `  ${f1(task.cpuMs)} / ${f1(task.wallMs)} ms: ${task.parts.map(([name, ms]) => `${name} ${f1(ms)}`).join(", ")}`,
      );
  }
} finally {
  await browser.close().catch(() => {});
  await flood.stop();
  await server.stop();
}
