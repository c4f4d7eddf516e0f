/**
 * Headers on every HTTP response of the bundled server (and the Vite dev server).
 * COOP + COEP make the inspector cross-origin isolated, which gives `performance.now()` 5 µs
 * resolution instead of 100 µs. The CSP lets the page connect to any ws:/wss: target but load
 * code only from its own origin: received data must never become markup or script.
 */
export const securityHeaders: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Content-Security-Policy":
    "default-src 'self'; connect-src 'self' ws: wss:; img-src 'self' data: blob:; style-src 'self' 'unsafe-inline'; worker-src 'self' blob:; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

/**
 * The CSP of the custom decoder's sandbox worker (inspector/src/state/decoder-sandbox.worker.ts):
 * a worker runs under the policy of its own script's response, so this one may `eval` the
 * user's decoder and nothing else: no connections, no scripts loaded, no images, nothing.
 */
export const sandboxWorkerPolicy = "default-src 'none'; script-src 'unsafe-eval'";

/** Whether a built file is the sandbox worker (`decoder-sandbox.worker-<hash>.js`). */
export function isSandboxWorkerFile(name: string): boolean {
  return /^decoder-sandbox\.worker(-[\w-]+)?\.js$/.test(name);
}
