// In-page instruments for an ingest: connect time, the moment the last frame is counted, long
// tasks and animation-frame intervals, all on the page's own clock.

/**
 * Installs the instruments before connecting: a long-task observer, a rAF loop, a click
 * listener on the Connect button, and an observer on the status bar's "In:" counter that notes
 * when it first reads `doneText`.
 */
export async function installIngestProbes(page, { connectButton, counter, doneText }) {
  const button = await connectButton.elementHandle();
  const counterElement = await counter.elementHandle();
  await page.evaluate(
    ({ button, counterElement, doneText }) => {
      const probe = { longTasks: [], frames: [], clickAt: 0, doneAt: 0 };
      window.__ingestProbe = probe;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries())
          probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: "longtask" });
      // Capture phase: the moment the user's click reaches the page, before the app handles it.
      button.addEventListener(
        "click",
        () => {
          probe.clickAt = performance.now();
        },
        { capture: true, once: true },
      );
      probe.done = new Promise((resolve) => {
        // Fires in the microtask after the DOM update that shows the final count.
        const observer = new MutationObserver(() => {
          if (counterElement.textContent !== doneText) return;
          probe.doneAt = performance.now();
          observer.disconnect();
          resolve();
        });
        observer.observe(counterElement, { subtree: true, characterData: true, childList: true });
      });
      const tick = (time) => {
        probe.frames.push(time);
        if (probe.doneAt === 0) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    },
    { button, counterElement, doneText },
  );
}

/**
 * Waits until the counter read `doneText` (or throws after `timeoutMs`) and returns the
 * connect → last-frame time, the long tasks and the rAF intervals inside that span.
 */
export async function collectIngestProbes(page, timeoutMs) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`ingest not done within ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  try {
    await Promise.race([page.evaluate(() => window.__ingestProbe.done), timeout]);
  } finally {
    clearTimeout(timer);
  }
  return page.evaluate(() => {
    const { clickAt, doneAt, longTasks, frames } = window.__ingestProbe;
    const inside = frames.filter((time) => time >= clickAt && time <= doneAt);
    const rafIntervals = inside.slice(1).map((time, i) => time - inside[i]);
    return {
      elapsedMs: doneAt - clickAt,
      longTasks: longTasks.filter(
        (task) => task.start + task.duration >= clickAt && task.start <= doneAt,
      ),
      rafIntervals,
    };
  });
}
