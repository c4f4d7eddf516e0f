/**
 * What the page and the custom decoder's sandbox worker say to each other
 * (state/decoder-sandbox.worker.ts). The worker's answers are checked before use: user code runs
 * in that worker, and might try to forge them.
 */

/** A frame to decode: its payload (text, or bytes) and where it went. */
export interface SandboxJob {
  id: number;
  payload: string | ArrayBuffer;
  direction: "sent" | "received";
  kind: "text" | "binary";
}

/** What the decoder made of one frame: a tree, or its error. */
export type SandboxResult =
  | { id: number; ok: true; value: unknown }
  | { id: number; ok: false; error: string };

/** Page → worker. */
export type SandboxCommand =
  | { type: "load"; source: string }
  | { type: "decode"; jobs: SandboxJob[] };

/** Worker → page. */
export type SandboxReport =
  | { type: "loaded" }
  | { type: "load-error"; message: string }
  /** Results so far, in the order of the jobs; sent at least every few milliseconds. */
  | { type: "results"; results: SandboxResult[] };

/** Bounds of the sandbox. */
export const SANDBOX_LIMITS = {
  /** Time one frame may take, by default, in ms. */
  defaultTimeLimitMs: 250,
  minTimeLimitMs: 20,
  maxTimeLimitMs: 10_000,
  /** Longest decoder source, in characters. */
  maxSourceChars: 256 * 1024,
  /** How often the worker reports progress while it works, in ms. */
  reportEveryMs: 10,
};

/** A report from the worker, if it is one; null for anything else (forged or broken). */
export function readReport(data: unknown): SandboxReport | null {
  if (typeof data !== "object" || data === null) return null;
  const report = data as Record<string, unknown>;
  if (report.type === "loaded") return { type: "loaded" };
  if (report.type === "load-error")
    return { type: "load-error", message: String(report.message ?? "").slice(0, 2000) };
  if (report.type !== "results" || !Array.isArray(report.results)) return null;
  const results: SandboxResult[] = [];
  for (const item of report.results) {
    if (typeof item !== "object" || item === null) return null;
    const { id, ok, value, error } = item as Record<string, unknown>;
    if (typeof id !== "number" || typeof ok !== "boolean") return null;
    results.push(ok ? { id, ok, value } : { id, ok, error: String(error ?? "").slice(0, 2000) });
  }
  return { type: "results", results };
}
