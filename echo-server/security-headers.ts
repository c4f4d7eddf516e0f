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
