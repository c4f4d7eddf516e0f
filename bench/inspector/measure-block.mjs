// Measurement 4: frames that arrive while the UI thread is blocked keep their true arrival
// times, because the capture worker stamps them, not the main thread.
import { once } from "node:events";
import WebSocket from "ws";
import { openPage } from "../shared/browser.mjs";
import { maximum, median, quantile } from "../shared/stats.mjs";
import { watchWorkerFrames } from "./chromium-receipts.mjs";
import { localClockToEpoch } from "./clock.mjs";
import { connectTo, controls, grouped, openInspector, waitForText } from "./inspector-ui.mjs";

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** Epoch ms with sub-ms precision; Chromium derives the same figure from the same system clock. */
const epochNow = () => performance.timeOrigin + performance.now();

/**
 * Publishes to /broadcast every `intervalMs` for `durationMs`, each message's text being its
 * send time (epoch ms); calls `atMidpoint` once when `blockAfterMs` have passed. Returns the
 * number sent.
 */
async function publishTimes(publisher, { intervalMs, durationMs, blockAfterMs, atMidpoint }) {
  const start = performance.now();
  let sent = 0;
  let triggered = false;
  while (performance.now() - start < durationMs) {
    const due = Math.floor((performance.now() - start) / intervalMs) + 1;
    while (sent < due) {
      publisher.send(String(epochNow()));
      sent++;
    }
    if (!triggered && performance.now() - start >= blockAfterMs) {
      triggered = true;
      atMidpoint();
    }
    await sleep(1);
  }
  return sent;
}

/**
 * Reads every data row of the frame log by scrolling its viewport (only rows on screen exist),
 * keyed by aria-rowindex: direction, preview text and the time cell's µs title.
 */
function readAllRows(grid) {
  return grid.evaluate(async (grid) => {
    const viewport = grid;
    const painted = () =>
      new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    const rows = new Map();
    const read = () => {
      for (const row of grid.querySelectorAll('[role="row"][aria-rowindex]')) {
        const cells = row.querySelectorAll('[role="gridcell"]');
        if (cells.length < 4) continue;
        rows.set(Number(row.getAttribute("aria-rowindex")), {
          direction: cells[0].textContent.replace(/[^A-Za-z]/g, ""),
          preview: cells[1].textContent,
          title: cells[3].getAttribute("title"),
        });
      }
    };
    viewport.scrollTop = 0;
    await painted();
    read();
    while (viewport.scrollTop + viewport.clientHeight < viewport.scrollHeight - 1) {
      viewport.scrollTop += Math.max(1, viewport.clientHeight / 2);
      await painted();
      read();
    }
    return {
      rowCount: Number(grid.getAttribute("aria-rowcount")) - 1,
      rows: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row),
    };
  });
}

/**
 * Connects the inspector to /broadcast, publishes timestamped messages from Node, blocks the
 * page's main thread for `blockMs` in the middle, and compares the latency (arrival time in the
 * log − send time) of the frames that arrived during the block with the usual latency.
 */
export async function measureBlock(browser, server, options) {
  const { intervalMs, durationMs, blockMs } = options;
  const { page, close } = await openPage(browser);
  let publisher;
  let chromium;
  try {
    await openInspector(page, server.origin);
    chromium = await watchWorkerFrames(page);
    const ui = controls(page);
    await connectTo(page, `${server.wsOrigin}/broadcast`);
    await waitForText(ui.status, "Open", 10_000);
    publisher = new WebSocket(`${server.wsOrigin}/broadcast`);
    await once(publisher, "open");

    let blocked;
    const sent = await publishTimes(publisher, {
      intervalMs,
      durationMs,
      blockAfterMs: (durationMs - blockMs) / 2,
      atMidpoint() {
        blocked = page.evaluate((ms) => {
          const now = () => performance.timeOrigin + performance.now();
          const start = now();
          while (now() - start < ms) {
            // Busy: nothing else runs on the main thread meanwhile.
          }
          return { start, end: now() };
        }, blockMs);
        // Awaited below; until then a failure must not count as an unhandled rejection.
        blocked.catch(() => {});
      },
    });
    const block = await blocked;
    await waitForText(ui.framesIn, `In: ${grouped(sent)}`, 10_000);

    const { rowCount, rows } = await readAllRows(ui.grid);
    if (rows.length !== rowCount)
      throw new Error(`read ${rows.length} of ${rowCount} rows while scrolling the log`);
    const frames = rows
      .filter((row) => row.direction === "Received")
      .map((row) => {
        const sentAt = Number(row.preview);
        const arrivedAt = localClockToEpoch(row.title, sentAt);
        const chromiumAt = chromium.receivedAt(row.preview);
        return {
          sentAt,
          arrivedAt,
          latency: arrivedAt - sentAt,
          afterChromium: arrivedAt - chromiumAt,
        };
      });
    if (frames.length !== sent) throw new Error(`${frames.length} frames in the log, ${sent} sent`);

    // Which frames arrived during the block is decided from their send times plus the usual
    // latency, not from the logged arrival times under test (had the main thread stamped them,
    // none would seem to have arrived during the block). The usual latency comes from frames
    // sent before the block began, which nothing in the page could have delayed.
    const baseline = median(frames.filter((f) => f.sentAt < block.start).map((f) => f.latency));
    const isDuring = (f) => f.sentAt + baseline >= block.start && f.sentAt + baseline <= block.end;
    const during = frames.filter(isDuring);
    const outside = frames.filter((f) => !isDuring(f));
    if (during.length === 0) throw new Error("no frame arrived during the block");
    const deviations = (list) => list.map((f) => Math.abs(f.latency - baseline));
    // Against Chromium's own receive time the delivery path drops out. The two clocks may differ
    // by a constant (the stamp is in the log at 1 µs, Chromium's clock mapping at its own
    // precision), so deviations are taken from the usual gap before the block.
    if (frames.some((f) => Number.isNaN(f.afterChromium)))
      throw new Error("Chromium did not report every frame over the DevTools protocol");
    const usualGap = median(
      frames.filter((f) => f.sentAt < block.start).map((f) => f.afterChromium),
    );
    const fromChromium = (list) => list.map((f) => Math.abs(f.afterChromium - usualGap));
    return {
      sent,
      blockMs: block.end - block.start,
      during: during.length,
      outside: outside.length,
      baselineLatencyMs: baseline,
      worstDeviationDuringMs: maximum(deviations(during)),
      medianDeviationDuringMs: median(deviations(during)),
      p95DeviationOutsideMs: quantile(deviations(outside), 0.95),
      worstDeviationOutsideMs: maximum(deviations(outside)),
      usualGapAfterChromiumMs: usualGap,
      worstFromChromiumDuringMs: maximum(fromChromium(during)),
      medianFromChromiumDuringMs: median(fromChromium(during)),
      worstFromChromiumOutsideMs: maximum(fromChromium(outside)),
      // What the method would show had the main thread stamped frames once the block ended.
      mainThreadWorstMs: maximum(during.map((f) => block.end - (f.sentAt + baseline))),
    };
  } finally {
    await chromium?.detach();
    publisher?.terminate();
    await close();
  }
}
