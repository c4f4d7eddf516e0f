// One round of the ingest comparison: a page (the inspector, or the bare page) in a fresh
// browser context, loaded, pointed at the flood server's stream, Connect pressed with the
// mouse, and watched until its status reads Closed and the catch-up after it has passed.
import { threadCpu, threadSwitches, usedBetween } from "../shared/thread-cpu.mjs";
import { grouped } from "./inspector-ui.mjs";
import { collectSession, installSessionProbes, watchForClosed } from "./session-probes.mjs";

// The parts of the page a round uses, found by accessible name (page-side functions).
const URL_FIELD = `() =>
  document.querySelector('[aria-label="WebSocket URL"]') ??
  [...document.querySelectorAll("label")].find((label) => label.textContent.trim() === "WebSocket URL")?.control`;
const CONNECT = `() => [...document.querySelectorAll("button")].find((button) => button.textContent.trim() === "Connect")`;
const STATUS = `() => document.querySelector('[aria-label="Connection status"]')`;
const FRAMES_IN = `() => [...document.querySelectorAll('[aria-label="Status bar"] span')].find((span) => span.textContent.startsWith("In: "))`;

/** What each page shows when it has every frame: its status and counter texts. */
const closedWith = (count) => [`Closed (1000): ${grouped(count)} frames`];
const COMPLETE = {
  inspector: (count) => [/^Closed \(1000\b/, `In: ${grouped(count)}`],
  // The floor page is the bare page with another Worker: the same texts.
  bare: closedWith,
  floor: closedWith,
};

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const IDLE_BEFORE_CONNECT_MS = 2000;

/** Waits until the page-side `find()` returns an element. */
async function waitForElement(page, find, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(`() => Boolean((${find})())`))) {
    if (Date.now() > deadline) throw new Error(`not found: ${find}`);
    await sleep(50);
  }
}

/**
 * Runs one round on `kind` ("inspector", "bare" or "floor") and returns click → Closed, the
 * long tasks and long animation frames from page load to `settleMs` after Closed, whether every
 * frame was counted, the CPU time and context switches of every thread we started (Chromium's,
 * the servers') from the click to the end, and what the flood server saw of the connection.
 * `instrument(page)`, when given, runs before the page loads and returns a function to call
 * after the round (profile.mjs traces and profiles with it); what that returns comes back as
 * `instrumented`.
 */
export async function measureSession(
  browser,
  kind,
  { server, flood, stream, timeoutMs, settleMs, instrument },
) {
  const page = await browser.newPage();
  try {
    const finish = await instrument?.(page);
    await installSessionProbes(page);
    await page.goto(
      { inspector: `${server.origin}/`, bare: flood.bareUrl, floor: flood.floorUrl }[kind],
    );
    await waitForElement(page, CONNECT);
    if (!(await page.evaluate(() => self.crossOriginIsolated)))
      throw new Error(`the ${kind} page is not cross-origin isolated`);
    await page.fill(URL_FIELD, flood.streamUrl(stream));
    await watchForClosed(page, STATUS, kind === "inspector" ? [FRAMES_IN] : []);
    // A new browser context opens a window whose own UI (the omnibox popup's WebUI) loads for a
    // second or two on the same cores; let it finish, as it would long before a user clicks.
    await sleep(IDLE_BEFORE_CONNECT_MS);
    const cpuBefore = threadCpu();
    const switchesBefore = threadSwitches();
    await page.click(CONNECT);
    const session = await collectSession(page, { timeoutMs, settleMs });
    const cpu = usedBetween(cpuBefore, threadCpu());
    const switches = usedBetween(switchesBefore, threadSwitches());
    const instrumented = await finish?.();
    const expected = COMPLETE[kind](stream.count);
    const complete = expected.every((want, i) =>
      typeof want === "string" ? session.texts[i] === want : want.test(session.texts[i] ?? ""),
    );
    return {
      kind,
      ...session,
      complete,
      cpu,
      switches,
      server: await flood.latest(5000),
      instrumented,
    };
  } finally {
    await page.close();
  }
}
