// Measurement: exporting a tab of a million frames. The tab is filled by importing a generated
// NDJSON file (far faster than streaming: Chromium takes 10-18k frames/s from a socket), then
// each format is exported while a long-task observer watches the page's main thread from the
// click on the menu item to the download.
import { once } from "node:events";
import { createWriteStream, readFileSync, statSync } from "node:fs";
import { openPage } from "../shared/browser.mjs";
import { grouped, openInspector } from "./inspector-ui.mjs";
import { traceEventsOf } from "./trace-summary.mjs";

const START = Date.UTC(2026, 0, 1);

/**
 * Writes an NDJSON capture of `count` frames to `path`: an open event, text frames both ways
 * with a binary one every 100th, and a close event. Times step 1 µs apart, so they keep their
 * fraction in the export.
 */
export async function writeCaptureFile(path, count) {
  const out = createWriteStream(path);
  const write = async (line) => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  const time = (i) => START + i * 0.001;
  await write(
    JSON.stringify({
      type: "session",
      version: 1,
      url: "ws://bench/",
      protocols: [],
      startedAt: START,
    }),
  );
  await write(
    JSON.stringify({
      type: "frame",
      time: time(0),
      direction: "event",
      kind: "open",
      event: { type: "open", url: "ws://bench/", protocol: "", extensions: "" },
    }),
  );
  for (let i = 1; i < count - 1; i++) {
    const direction = i % 2 ? "received" : "sent";
    const payload = i % 100 === 0 ? `"base64":"AAECAwQFBgc="` : `"text":"frame ${i}"`;
    const kind = i % 100 === 0 ? "binary" : "text";
    await write(
      `{"type":"frame","time":${time(i)},"direction":"${direction}","kind":"${kind}",${payload}}`,
    );
  }
  await write(
    JSON.stringify({
      type: "frame",
      time: time(count - 1),
      direction: "event",
      kind: "close",
      event: { type: "close", code: 1000, reason: "", wasClean: true },
    }),
  );
  out.end();
  await once(out, "finish");
}

/** Imports `path` into a new tab and waits until all `count` frames are in its log. */
export async function importCapture(page, path, count, timeoutMs) {
  const started = performance.now();
  await page.getByLabel("Import").setInputFiles(path);
  await page
    .getByText(`${grouped(count)} of ${grouped(count)} frames`)
    .waitFor({ timeout: timeoutMs });
  return performance.now() - started;
}

/**
 * Exports the active tab as `format` ("HAR" or "NDJSON") with a long-task observer and a watch
 * for the progress bar on the page from before the Export button is pressed to the download.
 * Returns the long tasks, the press → download time and the file's path and size.
 */
export async function exportWatched(page, format, timeoutMs) {
  await page.evaluate(() => {
    const probe = { longTasks: [], progressShown: false, clickAt: 0 };
    const tasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    });
    tasks.observe({ type: "longtask" });
    const progress = new MutationObserver(() => {
      probe.progressShown ||=
        document.querySelector('progress[aria-label="Export progress"]') !== null;
    });
    progress.observe(document.body, { subtree: true, childList: true });
    // Capture phase: the moment the press on a menu item reaches the page (the menu acts on
    // the press, before any click event).
    document.addEventListener(
      "pointerdown",
      (event) => {
        if (event.target instanceof Element && event.target.closest('[role="menuitem"]'))
          probe.clickAt = performance.now();
      },
      { capture: true },
    );
    window.__exportProbe = {
      probe,
      async finish(downloadAt) {
        // A long-task entry is delivered after its task: give the last ones time to arrive.
        await new Promise((resolve) => setTimeout(resolve, 200));
        tasks.disconnect();
        progress.disconnect();
        return { ...probe, exportMs: downloadAt - probe.clickAt };
      },
    };
  });
  const downloading = page.waitForEvent("download", { timeout: timeoutMs });
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByRole("menuitem", { name: new RegExp(`^${format}`) }).click();
  const download = await downloading;
  const downloadAt = await page.evaluate(() => performance.now());
  const path = await download.path();
  const probe = await page.evaluate((at) => window.__exportProbe.finish(at), downloadAt);
  return { ...probe, path, bytes: statSync(path).size };
}

/** Frames in an exported file: NDJSON frame lines, or the HAR's frame count and messages. */
export function framesInFile(format, path) {
  const text = readFileSync(path, "utf8");
  if (format === "NDJSON") {
    let frames = 0;
    for (
      let at = text.indexOf('\n{"type":"frame"');
      at !== -1;
      at = text.indexOf('\n{"type":"frame"', at + 1)
    )
      frames++;
    return { frames };
  }
  const entry = JSON.parse(text).log.entries[0];
  return {
    frames: entry._socketscope.frameCount,
    messages: entry._webSocketMessages.length,
    extensionFrames: entry._socketscope.frames.length,
  };
}

/**
 * The longest CPU time of a main-thread task in a Chromium trace, in ms. A long-task entry
 * gives wall time, which on a busy machine includes the time the thread waited for a core;
 * the trace's thread time says how much work the page itself did in one task.
 */
export function longestTaskCpuMs(trace) {
  const traceEvents = traceEventsOf(trace);
  const main = new Set(
    traceEvents
      .filter((event) => event.name === "thread_name" && event.args.name === "CrRendererMain")
      .map((event) => `${event.pid}:${event.tid}`),
  );
  let longest = 0;
  for (const event of traceEvents) {
    if (event.name !== "RunTask" || event.ph !== "X" || !main.has(`${event.pid}:${event.tid}`))
      continue;
    longest = Math.max(longest, (event.tdur ?? 0) / 1000);
  }
  return longest;
}

/**
 * Fills a tab with the `count` frames of `file`, then exports it in each format `rounds` times;
 * returns the import time and, per export, its long tasks, the longest task's CPU time, the
 * time, size and frame count.
 */
export async function measureExport(browser, server, { count, file, rounds, timeoutMs }) {
  const { page, close } = await openPage(browser);
  try {
    await openInspector(page, server.origin);
    const importMs = await importCapture(page, file, count, timeoutMs);
    const runs = [];
    for (let round = 0; round < rounds; round++) {
      for (const format of ["NDJSON", "HAR"]) {
        await browser.startTracing(page, {
          categories: ["devtools.timeline", "disabled-by-default-devtools.timeline"],
        });
        const run = await exportWatched(page, format, timeoutMs);
        const longestCpuMs = longestTaskCpuMs(await browser.stopTracing());
        runs.push({ format, ...run, longestCpuMs, ...framesInFile(format, run.path) });
      }
    }
    return { importMs, runs };
  } finally {
    await close();
  }
}
