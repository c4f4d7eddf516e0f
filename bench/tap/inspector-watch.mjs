// The inspector watching a tap in Chromium driven over a bare DevTools pipe (cdp-browser.mjs),
// found by accessible name and pressed with the mouse as a user would. Playwright enables the
// Network domain in every page and worker, so Chromium would send it each watch message, its
// payload base64-encoded, and Playwright would parse it on the same two cores as the load: at a
// closed-loop flood that is tens of MB a second no user's browser spends.

/** Reads "12,345" as 12345. */
const count = (text) => Number((text ?? "").replace(/[^\d]/g, ""));
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const button = (name) =>
  `() => [...document.querySelectorAll("button")].find((b) => (b.getAttribute("aria-label") ?? b.textContent.trim()) === ${JSON.stringify(name)})`;
/** The shown tab's slot: its status bar, its log, its notes. */
const SLOT = `document.querySelector(".session-slot:not([hidden])")`;

/** Waits until the page-side `test()` is true. */
async function waitFor(page, test, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  while (!(await page.evaluate(`() => Boolean((${test})())`))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${test}`);
    await sleep(50);
  }
}

/**
 * Opens the inspector at `origin` in a page of `browser` (cdp-browser.mjs), opens the existing
 * tap `name` from the New tap dialog, and waits until its tab watches. `frames()` is what the
 * tab's status bar counts (In + Out), and `missed()` the frames the tab was told it missed.
 */
export async function watchInInspector(browser, origin, name) {
  const page = await browser.newPage();
  await page.goto(`${origin}/`);
  await waitFor(page, button("New tap"));
  await page.click(button("New tap"));
  await waitFor(page, button(`Open tap ${name}`));
  await page.click(button(`Open tap ${name}`));
  await waitFor(
    page,
    `() => /^Watching/.test(document.querySelector('[aria-label="Tap status"]')?.textContent ?? "")`,
  );
  return {
    page,
    async frames() {
      const texts = await page.evaluate(`() => {
        const slot = ${SLOT};
        const spans = [...(slot ?? document).querySelectorAll('[aria-label="Status bar"] span')];
        return ["In: ", "Out: "].map((start) => spans.find((span) => span.textContent.startsWith(start))?.textContent ?? "");
      }`);
      return count(texts[0]) + count(texts[1]);
    },
    async missed() {
      const text = await page.evaluate(`() =>
        [...(${SLOT}?.querySelectorAll("*") ?? [])]
          .find((element) => element.children.length === 0 && /^This tab missed [\\d,]+ frames/.test(element.textContent))?.textContent ?? ""`);
      return count(text.match(/missed ([\d,]+)/)?.[1]);
    },
    /** Polls until `frames()` stops growing for 1 s or reaches `expected`, for at most `ms`. */
    async settle(expected, ms) {
      const until = Date.now() + ms;
      let last = -1;
      let still = 0;
      for (;;) {
        const now = await this.frames();
        if (now >= expected || Date.now() > until) return now;
        still = now === last ? still + 1 : 0;
        if (still >= 4) return now;
        last = now;
        await sleep(250);
      }
    },
    /** Waits until the tab has taken what was sent to it, then empties its log. */
    async clear() {
      await this.settle(Number.POSITIVE_INFINITY, 60_000);
      await page.click(
        `() => [...(${SLOT}?.querySelectorAll("button") ?? [])].find((b) => b.textContent.trim() === "Clear log")`,
      );
    },
    close: () => page.close(),
  };
}
