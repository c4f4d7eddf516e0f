// Drives the inspector the way a user would: by role and accessible name.

/** Thousands separators as the status bar prints them: 500000 → "500,000". */
export function grouped(n) {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** Loads the inspector and checks that the page is cross-origin isolated (5 µs clock). */
export async function openInspector(page, origin) {
  await page.goto(`${origin}/`);
  await page.getByRole("button", { name: "Connect" }).waitFor();
  const isolated = await page.evaluate(() => self.crossOriginIsolated);
  if (!isolated) throw new Error("the inspector page is not cross-origin isolated");
}

/** The parts of the page the measurements read or press. */
export function controls(page) {
  const statusBar = page.getByRole("region", { name: "Status bar" });
  return {
    url: page.getByRole("textbox", { name: "WebSocket URL" }),
    connect: page.getByRole("button", { name: "Connect" }),
    status: page.getByRole("status", { name: "Connection status" }),
    grid: page.getByRole("grid", { name: "Frames" }),
    filter: page.getByRole("searchbox", { name: "Filter frames" }),
    matchCount: page.getByText(/^[\d,]+ of [\d,]+ frames$/),
    framesIn: statusBar.getByText(/^In: /),
    dropped: statusBar.getByText(/^Dropped: /),
    retention: statusBar.getByRole("button", { name: "Retention limits" }),
  };
}

/** Polls (gently: every 250 ms) until `locator`'s text is `text`, or throws after `timeoutMs`. */
export async function waitForText(locator, text, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const current = await locator.textContent();
    if (current === text) return;
    if (Date.now() > deadline) throw new Error(`expected "${text}", still "${current}"`);
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/** Sets the retention limits through the status bar's popover. */
export async function setRetention(page, { maxFrames, maxMiB }) {
  await controls(page).retention.click();
  await page.getByRole("textbox", { name: "Max frames" }).fill(String(maxFrames));
  await page.getByRole("textbox", { name: "Max MiB" }).fill(String(maxMiB));
  await page.getByRole("button", { name: "Apply" }).click();
  await page.keyboard.press("Escape");
  await waitForText(
    controls(page).retention,
    `Keep: ${grouped(maxFrames)} frames / ${grouped(maxMiB)} MiB`,
    5000,
  );
}

/** Types the URL and presses Connect. */
export async function connectTo(page, url) {
  const ui = controls(page);
  await ui.url.fill(url);
  await ui.connect.click();
}
