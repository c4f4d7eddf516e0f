// The bare page: a Worker that only counts frames, the browser's own ingest ceiling. Served by
// `page.route` on the server's origin, with the server's isolation headers, so it runs under the
// same conditions as the inspector (same origin, cross-origin isolated).

const ISOLATION_HEADERS = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const BARE_HTML = `<!doctype html>
<meta charset="utf-8">
<title>bare</title>
<script>
  // Resolves with what the worker counted once the stream closes.
  window.countStream = (url) =>
    new Promise((resolve) => {
      const worker = new Worker("/bare-worker.js");
      worker.onmessage = (event) => {
        worker.terminate();
        resolve(event.data);
      };
      worker.postMessage({ url });
    });
</script>
`;

const BARE_WORKER = `
self.onmessage = (event) => {
  let count = 0;
  let bytes = 0;
  let lastAt = 0;
  const startedAt = performance.now();
  const socket = new WebSocket(event.data.url);
  socket.onmessage = (message) => {
    // Read the data: any real consumer does, and it makes the browser hand over the string.
    bytes += message.data.length;
    count++;
    lastAt = performance.now();
  };
  socket.onclose = (close) => {
    self.postMessage({
      count,
      bytes,
      elapsedMs: lastAt - startedAt,
      code: close.code,
      isolated: self.crossOriginIsolated,
    });
  };
};
`;

/** Routes `/bare.html` and `/bare-worker.js` on `origin` for `page`; returns the page's URL. */
export async function routeBarePage(page, origin) {
  const assets = {
    "/bare.html": { contentType: "text/html; charset=utf-8", body: BARE_HTML },
    "/bare-worker.js": { contentType: "text/javascript; charset=utf-8", body: BARE_WORKER },
  };
  for (const [path, asset] of Object.entries(assets)) {
    await page.route(`${origin}${path}`, (route) =>
      route.fulfill({ status: 200, headers: ISOLATION_HEADERS, ...asset }),
    );
  }
  return `${origin}/bare.html`;
}
