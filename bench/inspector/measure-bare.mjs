// Times the bare page (a Worker that only counts) on a /firehose stream.

import { openPage } from "../shared/browser.mjs";
import { routeBarePage } from "./bare-page.mjs";

/** Connect → last frame counted in the bare page's worker, for `count` frames at `rate`/s. */
export async function measureBare(browser, server, { rate, count, size, timeoutMs }) {
  // A page fulfilled by `page.route` has no IP address behind it, so Chromium's Local Network
  // Access checks treat it as public and block its WebSocket to 127.0.0.1 unless permitted.
  const { page, close } = await openPage(browser, { permissions: ["local-network-access"] });
  try {
    await page.goto(await routeBarePage(page, server.origin));
    const url = `${server.wsOrigin}/firehose?rate=${rate}&count=${count}&size=${size}`;
    let timer;
    const timeout = new Promise((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`bare page not done in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const result = await Promise.race([
      page.evaluate((url) => window.countStream(url), url),
      timeout,
    ]).finally(() => clearTimeout(timer));
    if (!result.isolated) throw new Error("the bare page's worker is not cross-origin isolated");
    if (result.count !== count || result.code !== 1000)
      throw new Error(`bare page counted ${result.count}/${count}, close code ${result.code}`);
    return { elapsedMs: result.elapsedMs, count: result.count };
  } finally {
    await close();
  }
}
