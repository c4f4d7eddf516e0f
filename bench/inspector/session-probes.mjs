// In-page instruments for a whole session, from page load to the end of the catch-up, on the
// page's own clock: long tasks, long animation frames, the Connect click, and the moment the
// connection status first reads "Closed". For pages of cdp-browser.mjs.

/**
 * Runs in the page before any of its own scripts. Observers only: nothing here makes the page
 * render (a requestAnimationFrame loop would, at 60 Hz, in both pages).
 */
function sessionProbes() {
  const probe = { longTasks: [], longFrames: [], clickAt: 0, closedAt: 0 };
  window.__session = probe;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries())
      probe.longTasks.push({ start: entry.startTime, duration: entry.duration });
  }).observe({ type: "longtask", buffered: true });
  // Long animation frames (over 50 ms from the task that started them to the paint), with the
  // script that took the most of each: what made the page late to show something.
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) {
      const script = [...entry.scripts].sort((a, b) => b.duration - a.duration)[0];
      probe.longFrames.push({
        start: entry.startTime,
        duration: entry.duration,
        script: script ? `${script.invoker} ${Math.round(script.duration)} ms` : "",
      });
    }
  }).observe({ type: "long-animation-frame", buffered: true });
  // Capture phase: the moment the user's click reaches the page, before the app handles it.
  window.addEventListener(
    "click",
    (event) => {
      const button = event.target instanceof Element && event.target.closest("button");
      if (probe.clickAt === 0 && button?.textContent?.trim() === "Connect")
        probe.clickAt = performance.now();
    },
    { capture: true },
  );
}

/**
 * Installs the instruments into `page` (call before it loads), so long tasks of the page load
 * count too.
 */
export function installSessionProbes(page) {
  return page.addInitScript(sessionProbes);
}

/**
 * Watches the element `status()` returns until it first reads "Closed…", then notes the time
 * and the text of it and of each element `counters` return (page-side functions, as source).
 * Call after load, before Connect.
 */
export function watchForClosed(page, status, counters = []) {
  return page.evaluate(`() => {
    const probe = window.__session;
    const statusElement = (${status})();
    const counterElements = [${counters.join(", ")}].map((find) => find());
    if (!statusElement || counterElements.includes(undefined)) throw new Error("status or counter not found");
    probe.closed = new Promise((resolve) => {
      // Fires in the microtask after the DOM update that shows the status.
      const observer = new MutationObserver(() => {
        if (!statusElement.textContent?.startsWith("Closed")) return;
        probe.closedAt = performance.now();
        probe.texts = [statusElement, ...counterElements].map((element) => element.textContent);
        observer.disconnect();
        resolve();
      });
      observer.observe(statusElement, { subtree: true, characterData: true, childList: true });
    });
  }`);
}

/**
 * Waits (at most `timeoutMs`) for the status to read Closed, lets the page run `settleMs`
 * more (the catch-up after the last frame: late renders, saves), then returns click → Closed,
 * and every long task and long animation frame since page load, each with its phase (load,
 * stream, after).
 */
export async function collectSession(page, { timeoutMs, settleMs }) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`not Closed within ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([page.evaluate(() => window.__session.closed.then(() => true)), timeout]);
  } finally {
    clearTimeout(timer);
  }
  await new Promise((resolve) => setTimeout(resolve, settleMs));
  return page.evaluate(() => {
    const { clickAt, closedAt, longTasks, longFrames, texts } = window.__session;
    const phase = (task) =>
      task.start + task.duration <= clickAt ? "load" : task.start <= closedAt ? "stream" : "after";
    return {
      elapsedMs: closedAt - clickAt,
      texts,
      longTasks: longTasks.map((task) => ({ ...task, phase: phase(task) })),
      longFrames: longFrames.map((frame) => ({ ...frame, phase: phase(frame) })),
    };
  });
}
