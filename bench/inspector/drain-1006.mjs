// `npm run build && node bench/inspector/drain-1006.mjs [closeTimeouts ms] [spin µs]`: what
// closes a stream with 1006 after a long drain. A plain `ws` server (flood-server.mjs, its own
// process) sends 500,000 × 64 B at 50,000/s (10 s), faster than the page takes them in, and
// then calls close(1000). ws queues its close frame behind everything not yet sent and waits
// `closeTimeout` (30 s by default) for the browser's reply; the browser replies once it has read
// up to that frame. A bare page whose Worker spends `spin` µs on each frame (100 by default: a
// consumer of about 10,000 frames/s, as the bare page managed on the machine where the issue saw
// the 1006) takes the stream, once against a server with ws's default wait and once with it
// raised to 300 s. Prints frames counted, the close code each side saw and when, and the bytes
// ws still held unsent when it called close().
import { loadavg } from "node:os";
import { launchCdpBrowser } from "../shared/cdp-browser.mjs";
import { startServer } from "../shared/server.mjs";
import { startFloodServer } from "./flood.mjs";
import { measureSession } from "./measure-session.mjs";

const STREAM = { rate: 50_000, count: 500_000, size: 64 };
const SPIN_US = Number(process.argv[3] ?? 100);
const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

const server = await startServer();
const browser = await launchCdpBrowser();
try {
  console.log(
    `${browser.version()}, ${STREAM.count} × ${STREAM.size} B at ${STREAM.rate}/s, consumer spending ${SPIN_US} µs a frame, load ${load()}`,
  );
  console.log(
    "\n| ws closeTimeout | bare page shows | Connect → close | server: close() called, ws's unsent bytes then / its close event | load avg |",
  );
  console.log("|---|---|---|---|---|");
  for (const closeTimeoutMs of (process.argv[2] ?? "30000,300000").split(",").map(Number)) {
    const floodServer = await startFloodServer({ closeTimeoutMs });
    const flood = {
      ...floodServer,
      streamUrl: (stream) => `${floodServer.streamUrl(stream)}&spin=${SPIN_US}`,
    };
    try {
      const round = await measureSession(browser, "bare", {
        server,
        flood,
        stream: STREAM,
        timeoutMs: 400_000,
        settleMs: 500,
      });
      const { closeCalledMs, ms, code } = round.server?.close ?? {};
      const MB = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;
      console.log(
        `| ${closeTimeoutMs / 1000} s | ${round.texts[0]} | ${(round.elapsedMs / 1000).toFixed(1)} s | ${(closeCalledMs / 1000).toFixed(1)} s, ${MB(round.server?.sent?.buffered ?? 0)} unsent / ${code} at ${(ms / 1000).toFixed(1)} s | ${load()} |`,
      );
    } finally {
      await floodServer.stop();
    }
  }
} finally {
  await browser.close();
  await server.stop();
}
