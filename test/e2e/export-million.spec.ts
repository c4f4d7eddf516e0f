import { once } from "node:events";
import { createWriteStream, readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";

/** Frames in the tab: the store's default cap, so none is dropped. */
const FRAMES = 1_000_000;
const START = Date.UTC(2026, 0, 1);

/**
 * Writes an NDJSON capture of `count` frames: an open event, text frames both ways with a
 * binary one every 100th, and a close event. Importing it fills a tab in a second or two, where
 * a socket would take a minute (Chromium takes 10-18k frames/s from one).
 */
async function writeCapture(path: string, count: number) {
  const out = createWriteStream(path);
  const write = async (line: string) => {
    if (!out.write(`${line}\n`)) await once(out, "drain");
  };
  const time = (i: number) => START + i * 0.001;
  await write(
    `{"type":"session","version":1,"url":"ws://million/","protocols":[],"startedAt":${START}}`,
  );
  await write(
    `{"type":"frame","time":${time(0)},"direction":"event","kind":"open","event":{"type":"open","url":"ws://million/","protocol":"","extensions":""}}`,
  );
  for (let i = 1; i < count - 1; i++) {
    const direction = i % 2 ? "received" : "sent";
    const payload =
      i % 100 === 0 ? '"kind":"binary","base64":"AAECAwQF"' : `"kind":"text","text":"frame ${i}"`;
    await write(`{"type":"frame","time":${time(i)},"direction":"${direction}",${payload}}`);
  }
  await write(
    `{"type":"frame","time":${time(count - 1)},"direction":"event","kind":"close","event":{"type":"close","code":1000,"reason":"","wasClean":true}}`,
  );
  out.end();
  await once(out, "finish");
}

/** What the page saw during an export: its long tasks, and whether the progress bar showed. */
interface ExportProbe {
  longTasks: number[];
  progressShown: boolean;
}

/**
 * Exports the active tab as `format` with a long-task observer and a watch for the progress bar
 * running from before the Export button is pressed until the download; returns the file's text.
 */
async function watchedExport(page: Page, format: "HAR" | "NDJSON") {
  await page.evaluate(() => {
    const probe = { longTasks: [] as number[], progressShown: false };
    const tasks = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) probe.longTasks.push(entry.duration);
    });
    tasks.observe({ type: "longtask" });
    const progress = new MutationObserver(() => {
      probe.progressShown ||=
        document.querySelector('progress[aria-label="Export progress"]') !== null;
    });
    progress.observe(document.body, { subtree: true, childList: true });
    Object.assign(window, {
      exportProbe: async (): Promise<ExportProbe> => {
        // A long-task entry is delivered after its task: give the last ones time to arrive.
        await new Promise((resolve) => setTimeout(resolve, 200));
        tasks.disconnect();
        progress.disconnect();
        return probe;
      },
    });
  });
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByRole("menuitem", { name: new RegExp(`^${format}`) }).click();
  const path = await (await downloading).path();
  const probe = await page.evaluate(() =>
    (window as unknown as { exportProbe: () => Promise<ExportProbe> }).exportProbe(),
  );
  return { probe, text: readFileSync(path, "utf8") };
}

test("a tab of a million frames exports as NDJSON and HAR off the main thread, with progress", async ({
  page,
}, testInfo) => {
  test.setTimeout(60_000);
  const capture = testInfo.outputPath("million.ndjson");
  await writeCapture(capture, FRAMES);
  await page.goto("/");
  await page.getByLabel("Import").setInputFiles(capture);
  await expect(page.getByText("1,000,000 of 1,000,000 frames")).toBeVisible({ timeout: 30_000 });

  const ndjson = await watchedExport(page, "NDJSON");
  await expect(page.getByRole("status", { name: "Export result" })).toHaveText("Exported NDJSON");
  expect(ndjson.probe.progressShown).toBe(true);
  // Wall time, as the long-task observer measures it: the page's own work in a task is a few
  // milliseconds (packing one chunk), so only a machine short of cores could come near.
  expect(ndjson.probe.longTasks.filter((ms) => ms > 100)).toEqual([]);
  const lines = ndjson.text.split("\n");
  expect(JSON.parse(lines[0] ?? "")).toMatchObject({ type: "session", url: "ws://million/" });
  expect(lines.filter((line) => line.startsWith('{"type":"frame"'))).toHaveLength(FRAMES);
  expect(lines[2]).toBe(
    `{"type":"frame","time":${START + 0.001},"direction":"received","kind":"text","text":"frame 1"}`,
  );

  const har = await watchedExport(page, "HAR");
  await expect(page.getByRole("status", { name: "Export result" })).toHaveText("Exported HAR");
  expect(har.probe.progressShown).toBe(true);
  expect(har.probe.longTasks.filter((ms) => ms > 100)).toEqual([]);
  const entry = JSON.parse(har.text).log.entries[0];
  expect(entry._socketscope.frameCount).toBe(FRAMES);
  // Every frame but the open and close events is a message; those two ride in the extension.
  expect(entry._webSocketMessages).toHaveLength(FRAMES - 2);
  expect(entry._socketscope.frames.map((frame: { kind: string }) => frame.kind)).toEqual([
    "open",
    "close",
  ]);
  expect(entry._webSocketMessages[99]).toEqual({
    type: "send",
    // Epoch seconds at µs: frame 100 is 100 µs after the start.
    time: 1767225600.0001,
    opcode: 2,
    data: "AAECAwQF",
  });
});
