// The inspector watching a tap, driven the way a user would: by role and accessible name.
import { openPage } from "../shared/browser.mjs";

/** Reads "12,345" as 12345. */
const count = (text) => Number((text ?? "").replace(/[^\d]/g, ""));

/**
 * Opens the inspector at `origin`, opens the existing tap `name` from the New tap dialog, and
 * waits until its tab watches. `frames()` is what the tab's status bar counts (In + Out), and
 * `missed()` the frames the tab was told it missed.
 */
export async function watchInInspector(browser, origin, name) {
  const { page, close } = await openPage(browser);
  await page.goto(`${origin}/`);
  await page.getByRole("button", { name: "New tap" }).click();
  await page.getByRole("button", { name: `Open tap ${name}` }).click();
  const status = page.getByRole("status", { name: "Tap status" });
  await status.filter({ hasText: /^Watching/ }).waitFor({ timeout: 10_000 });
  const statusBar = page.getByRole("region", { name: "Status bar" }).last();
  const slot = page.locator(".session-slot:not([hidden])");
  return {
    page,
    async frames() {
      const bar = slot.getByRole("region", { name: "Status bar" });
      const target = (await bar.count()) > 0 ? bar : statusBar;
      const framesIn = count(await target.getByText(/^In: /).textContent());
      const framesOut = count(await target.getByText(/^Out: /).textContent());
      return framesIn + framesOut;
    },
    async missed() {
      const note = slot.getByText(/^This tab missed [\d,]+ frames/);
      return (await note.count()) > 0 ? count(await note.textContent()) : 0;
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
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    },
    /** Waits until the tab has taken what was sent to it, then empties its log. */
    async clear() {
      await this.settle(Number.POSITIVE_INFINITY, 60_000);
      await slot.getByRole("button", { name: "Clear log" }).click();
    },
    close,
  };
}
