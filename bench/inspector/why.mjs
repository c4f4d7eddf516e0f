// `npm run build && node bench/inspector/why.mjs [rounds]`: why the bench used to report 0.944
// where an outside check saw 1.18-1.30. The same rounds as bench:inspector (bare page, then the
// inspector, on the same stream), under the conditions the old bench measured in, one at a time:
//   pipe + plain ws      the bench as it is: a bare DevTools pipe, the external ws server
//   Playwright           Playwright drives the pages (its Network domain gets every frame)
//   Playwright + route   ... and the bare page is served by page.route, as the old bench did
//   bundled /firehose    the bundled server's paced /firehose instead of the external server
// Prints each condition's times, ratio and CPU, so the effect of each is seen in one run.
import { loadavg } from "node:os";
import { launchBrowser, openPage } from "../shared/browser.mjs";
import { launchCdpBrowser } from "../shared/cdp-browser.mjs";
import { startServer } from "../shared/server.mjs";
import { median } from "../shared/stats.mjs";
import { BARE_ASSETS } from "./bare-page.mjs";
import { startFloodServer } from "./flood.mjs";
import { measureSession } from "./measure-session.mjs";
import { cpuTotal } from "./session-report.mjs";

const ROUNDS = Number(process.argv[2] ?? 2);
const STREAM = { rate: 50_000, count: 200_000, size: 64 };
const ROUND = { timeoutMs: 150_000, settleMs: 2000 };

/**
 * A Playwright browser behind the page interface of cdp-browser.mjs, so measureSession can run
 * on it; with `routeBare`, the bare page comes from page.route (not from the network).
 */
function playwrightBrowser(browser, { routeBare = false } = {}) {
  return {
    async newPage() {
      const { page, close } = await openPage(browser, { permissions: ["local-network-access"] });
      if (routeBare)
        await page.route("**/bare*", (route) => {
          const asset = BARE_ASSETS[new URL(route.request().url()).pathname];
          return route.fulfill({ status: 200, headers: asset.headers, body: asset.body });
        });
      const evaluate = (fn, arg) => page.evaluate(`(${fn})(${JSON.stringify(arg)})`);
      const pointOf = (locate) =>
        evaluate(`() => {
          const box = (${locate})().getBoundingClientRect();
          return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
        }`);
      return {
        evaluate,
        addInitScript: (fn) => page.addInitScript(fn),
        goto: (url) => page.goto(url),
        async fill(locate, text) {
          await evaluate(`() => { const field = (${locate})(); field.focus(); field.select(); }`);
          await page.keyboard.insertText(text);
        },
        async click(locate) {
          const { x, y } = await pointOf(locate);
          await page.mouse.click(x, y);
        },
        close,
      };
    },
  };
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

const server = await startServer();
const flood = await startFloodServer({ closeTimeoutMs: 300_000 });
const pipe = await launchCdpBrowser();
const playwright = await launchBrowser();
/** The bundled server's /firehose in place of the external server, for one condition. */
const firehose = {
  ...flood,
  streamUrl: ({ rate, count, size }) =>
    `${server.wsOrigin}/firehose?rate=${rate}&count=${count}&size=${size}`,
  latest: async () => ({}),
};
const conditions = [
  { name: "pipe + plain ws (the bench)", browser: pipe, flood },
  { name: "Playwright", browser: playwrightBrowser(playwright), flood },
  {
    name: "Playwright + page.route bare page",
    browser: playwrightBrowser(playwright, { routeBare: true }),
    flood,
  },
  { name: "pipe + bundled /firehose", browser: pipe, flood: firehose },
];
try {
  console.log(
    `${pipe.version()}, ${STREAM.count} × ${STREAM.size} B at ${STREAM.rate}/s, load ${load()}`,
  );
  for (const kind of ["bare", "inspector"])
    await measureSession(pipe, kind, {
      server,
      flood,
      ...ROUND,
      stream: { ...STREAM, count: 20_000 },
    });
  const results = new Map(conditions.map(({ name }) => [name, []]));
  for (let round = 1; round <= ROUNDS; round++) {
    for (const condition of conditions) {
      const pair = {};
      for (const kind of ["bare", "inspector"])
        pair[kind] = await measureSession(condition.browser, kind, {
          server,
          flood: condition.flood,
          ...ROUND,
          stream: STREAM,
        });
      results.get(condition.name).push(pair);
      console.log(
        `round ${round} ${condition.name}: bare ${(pair.bare.elapsedMs / 1000).toFixed(2)} s, inspector ${(pair.inspector.elapsedMs / 1000).toFixed(2)} s, complete ${pair.bare.complete && pair.inspector.complete}, load ${load()}`,
      );
    }
  }
  console.log(
    "\n| condition | bare, median | inspector, median | inspector / bare (rounds) | CPU inspector / bare (rounds) |",
  );
  console.log("|---|---|---|---|---|");
  for (const [name, pairs] of results) {
    const ratios = pairs.map(({ bare, inspector }) => inspector.elapsedMs / bare.elapsedMs);
    const cpu = pairs.map(({ bare, inspector }) => cpuTotal(inspector) / cpuTotal(bare));
    const s = (values) => `${(median(values) / 1000).toFixed(2)} s`;
    console.log(
      `| ${name} | ${s(pairs.map(({ bare }) => bare.elapsedMs))} | ${s(pairs.map(({ inspector }) => inspector.elapsedMs))} | ${median(ratios).toFixed(3)} (${ratios.map((r) => r.toFixed(2)).join(", ")}) | ${median(cpu).toFixed(3)} (${cpu.map((r) => r.toFixed(2)).join(", ")}) |`,
    );
  }
  console.log(`\nload ${load()}`);
} finally {
  await pipe.close();
  await playwright.close();
  await flood.stop();
  await server.stop();
}
