// The bare page: the browser's own ingest ceiling, the yardstick for the inspector. Like the
// inspector, it starts its Worker when it loads, opens the socket in that Worker when Connect is
// pressed, and shows the outcome on screen; unlike it, the Worker only counts frames. The floor
// page is the same page with a Worker that also stamps and keeps every frame and shows its count
// twice a second: what any live capture must do at least. The flood server (flood-server.mjs)
// serves both with the bundled server's isolation headers, so all the pages run cross-origin
// isolated, on a loopback origin, with a 5 µs clock.

const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

/** A page with the inspector's three controls, run by the Worker at `workerPath`. */
const pageHtml = (title, workerPath) => `<!doctype html>
<meta charset="utf-8">
<title>${title}</title>
<input aria-label="WebSocket URL" size="60">
<button>Connect</button>
<output role="status" aria-label="Connection status">Not connected</output>
<script>
  const worker = new Worker("${workerPath}");
  const [url, button, status] = document.querySelectorAll("input, button, output");
  button.onclick = () => worker.postMessage(url.value);
  worker.onmessage = ({ data }) => {
    if (data.live !== undefined) {
      status.textContent = \`\${data.live.toLocaleString("en-US")} frames\`;
      return;
    }
    status.textContent = \`Closed (\${data.code}): \${data.count.toLocaleString("en-US")} frames\`;
    status.dataset.isolated = String(data.isolated);
  };
</script>
`;

const BARE_WORKER = `
self.onmessage = ({ data: url }) => {
  let count = 0;
  let bytes = 0;
  // drain-1006.mjs plays a slow consumer: "spin" µs of work per frame (the server ignores it).
  const spinMs = Number(new URL(url).searchParams.get("spin") ?? 0) / 1000;
  const socket = new WebSocket(url);
  socket.onmessage = (message) => {
    // Read the data: any real consumer does, and it makes the browser hand over the string.
    bytes += message.data.length;
    count++;
    if (spinMs > 0) for (const until = performance.now() + spinMs; performance.now() < until; );
  };
  socket.onclose = (close) =>
    self.postMessage({ count, bytes, code: close.code, isolated: self.crossOriginIsolated });
};
`;

/**
 * The floor page's Worker: the least a live capture must do, and nothing more. It reads the clock
 * for each frame and keeps the frame with its time, and twice a second (as often as the
 * inspector's views update during a flood) it tells the page how many frames it has, which the
 * page shows. It batches nothing and hands no frame to the page. No inspector that shows its
 * capture while it runs can take a stream faster than this.
 */
const FLOOR_WORKER = `
self.onmessage = ({ data: url }) => {
  const timeOrigin = performance.timeOrigin;
  const times = [];
  const payloads = [];
  const socket = new WebSocket(url);
  const live = setInterval(() => self.postMessage({ live: times.length }), 500);
  socket.onmessage = (message) => {
    times.push(timeOrigin + performance.now());
    payloads.push(message.data);
  };
  socket.onclose = (close) => {
    clearInterval(live);
    self.postMessage({ count: times.length, code: close.code, isolated: self.crossOriginIsolated });
  };
};
`;

const html = (body) => ({
  headers: { ...ISOLATION_HEADERS, "Content-Type": "text/html; charset=utf-8" },
  body,
});
const script = (body) => ({
  headers: { ...ISOLATION_HEADERS, "Content-Type": "text/javascript; charset=utf-8" },
  body,
});

/** The bare and floor pages' files by path, with the headers to serve them with. */
export const BARE_ASSETS = {
  "/bare.html": html(pageHtml("bare", "/bare-worker.js")),
  "/bare-worker.js": script(BARE_WORKER),
  "/floor.html": html(pageHtml("floor", "/floor-worker.js")),
  "/floor-worker.js": script(FLOOR_WORKER),
};
