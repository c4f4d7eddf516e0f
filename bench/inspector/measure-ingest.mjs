// Measurement 1 (and the inspector's half of 2): the inspector ingesting a /firehose stream
// while stuck to the bottom of the log.
import { openPage } from "../shared/browser.mjs";
import { controls, grouped, openInspector, waitForText } from "./inspector-ui.mjs";
import { collectIngestProbes, installIngestProbes } from "./probes.mjs";

/**
 * Streams `count` frames of `size` bytes at `rate`/s into the inspector; returns connect → last
 * frame counted in the status bar, the long tasks and rAF intervals of that span, and the
 * counters and scroll position at the end.
 */
export async function measureIngest(browser, server, { rate, count, size, timeoutMs }) {
  const { page, close } = await openPage(browser);
  try {
    await openInspector(page, server.origin);
    const ui = controls(page);
    await ui.url.fill(`${server.wsOrigin}/firehose?rate=${rate}&count=${count}&size=${size}`);
    await installIngestProbes(page, {
      connectButton: ui.connect,
      counter: ui.framesIn,
      doneText: `In: ${grouped(count)}`,
    });
    await ui.connect.click();
    const probes = await collectIngestProbes(page, timeoutMs);
    await waitForText(ui.status, "Closed (1000 Normal Closure: firehose done)", 10_000);
    const stuckToBottom = await ui.grid.evaluate((grid) => {
      const viewport = grid;
      return viewport.scrollTop + viewport.clientHeight >= viewport.scrollHeight - 1;
    });
    return {
      ...probes,
      framesIn: await ui.framesIn.textContent(),
      dropped: await ui.dropped.textContent(),
      stuckToBottom,
    };
  } finally {
    await close();
  }
}
