// `npm run build && node bench/inspector/export.mjs [frames]`: fills an inspector tab with a
// million frames (by importing a generated NDJSON file) and exports it as NDJSON and HAR, three
// rounds each, printing the time, the longest main-thread task and the file sizes. The longest
// task is given twice: as the long-task observer measures it (wall time, which grows when other
// processes take the cores) and as CPU time from a trace. A bench reports; it does not fail on
// a missed target (only when a measurement cannot run).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { launchBrowser } from "../shared/browser.mjs";
import { startServer } from "../shared/server.mjs";
import { grouped } from "./inspector-ui.mjs";
import { measureExport, writeCaptureFile } from "./measure-export.mjs";
import { printFigures } from "./report.mjs";

const count = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 3;
const MiB = 1024 * 1024;

const dir = mkdtempSync(join(tmpdir(), "socketscope-export-"));
let server;
let browser;
try {
  const file = join(dir, "capture.ndjson");
  await writeCaptureFile(file, count);
  server = await startServer();
  browser = await launchBrowser();
  const { importMs, runs } = await measureExport(browser, server, {
    count,
    file,
    rounds: ROUNDS,
    timeoutMs: 180_000,
  });
  console.log(`\nExport of ${grouped(count)} frames (${ROUNDS} rounds per format)`);
  console.log(`  import to fill the tab: ${(importMs / 1000).toFixed(1)} s`);
  for (const format of ["NDJSON", "HAR"]) {
    const mine = runs.filter((run) => run.format === format);
    const longest = mine.map((run) => Math.max(0, ...run.longTasks));
    const last = mine.at(-1);
    console.log(`\n${format}`);
    printFigures([
      {
        label: "press → download, per round",
        value: mine.map((run) => `${(run.exportMs / 1000).toFixed(2)} s`).join(", "),
      },
      {
        label: "longest main-thread task, per round",
        value: longest.map((ms) => `${ms.toFixed(0)} ms`).join(", "),
        target: "≤ 100 ms",
        met: longest.every((ms) => ms <= 100),
      },
      {
        label: "longest main-thread task, CPU time",
        value: mine.map((run) => `${run.longestCpuMs.toFixed(1)} ms`).join(", "),
      },
      {
        label: "long tasks over 50 ms, per round",
        value: mine.map((run) => String(run.longTasks.length)).join(", "),
      },
      {
        label: "progress bar shown",
        value: mine.every((run) => run.progressShown) ? "yes" : "no",
        target: "yes",
        met: mine.every((run) => run.progressShown),
      },
      {
        label: "file size",
        value: `${(last.bytes / MiB).toFixed(1)} MiB (${grouped(last.bytes)} B)`,
      },
      {
        label: "frames in the file",
        value:
          format === "HAR"
            ? `${grouped(last.frames)} (${grouped(last.messages)} messages + ${grouped(last.extensionFrames)} in the extension)`
            : grouped(last.frames),
        target: grouped(count),
        met: mine.every((run) => run.frames === count),
      },
    ]);
  }
} catch (error) {
  console.log(`ERROR: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await browser?.close().catch(() => {});
  await server?.stop().catch(() => {});
  rmSync(dir, { recursive: true, force: true });
}
