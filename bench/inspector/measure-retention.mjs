// Measurement 3: the inspector holding a million frames: its heap, and filtering all of them.
import { openPage } from "../shared/browser.mjs";
import { controls, grouped, openInspector, setRetention, waitForText } from "./inspector-ui.mjs";

const MiB = 1024 * 1024;

/** The page's JS heap after a full GC, in bytes (CDP: the main thread's isolate, not workers). */
async function heapAfterGc(page) {
  const cdp = await page.context().newCDPSession(page);
  try {
    await cdp.send("HeapProfiler.collectGarbage");
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    return usedSize;
  } finally {
    await cdp.detach();
  }
}

/**
 * Types `text` into the filter box the way the input event delivers it and times the
 * synchronous dispatch (filtering and the re-render both run inside it); returns the time and
 * the match count it leaves on screen.
 */
async function timeFilter(page, text) {
  const ui = controls(page);
  const ms = await ui.filter.evaluate((input, text) => {
    input.value = text;
    const start = performance.now();
    input.dispatchEvent(new Event("input", { bubbles: true }));
    return performance.now() - start;
  }, text);
  return { text, ms, matches: await ui.matchCount.textContent() };
}

/**
 * Streams `count` frames as fast as the browser takes them into an inspector whose frame limit
 * is raised to `maxFrames` (the default cap counts the open and close events too), then
 * reports the heap and times each filter text in `filters` over everything retained.
 */
export async function measureRetention(browser, server, options) {
  const { rate, count, size, maxFrames, maxMiB, filters, timeoutMs } = options;
  const { page, close } = await openPage(browser);
  try {
    await openInspector(page, server.origin);
    await setRetention(page, { maxFrames, maxMiB });
    const ui = controls(page);
    const heapBefore = await heapAfterGc(page);
    await ui.url.fill(`${server.wsOrigin}/firehose?rate=${rate}&count=${count}&size=${size}`);
    const started = performance.now();
    await ui.connect.click();
    await waitForText(ui.framesIn, `In: ${grouped(count)}`, timeoutMs);
    const ingestMs = performance.now() - started;
    await waitForText(ui.status, "Closed (1000 Normal Closure: firehose done)", 10_000);
    const retained = await ui.matchCount.textContent();
    const heapAfter = await heapAfterGc(page);
    const filterRuns = [];
    for (const text of filters) {
      filterRuns.push(await timeFilter(page, text));
      // Back to everything between runs, so each filter scans the whole store.
      await timeFilter(page, "");
    }
    return {
      ingestMs,
      retained,
      dropped: await ui.dropped.textContent(),
      heapMiB: heapAfter / MiB,
      heapGrowthMiB: (heapAfter - heapBefore) / MiB,
      bytesPerFrame: (heapAfter - heapBefore) / count,
      filterRuns,
    };
  } finally {
    await close();
  }
}
