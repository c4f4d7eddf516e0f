import { jsonPreview } from "../detail/json.ts";

/**
 * Small helpers for reading capture files, which are untrusted JSON: a type guard, a safe way to
 * quote a value in an error message, and a throttled progress callback.
 */

/** True for a plain JSON object (not null, not a list). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * A value as an error message quotes it: "missing", or short JSON. Only the quoted head is
 * serialized, so a value nested 10,000 deep or 100 MB long is quoted as safely as a number.
 */
export function describe(value: unknown): string {
  if (value === undefined) return "missing";
  const json = jsonPreview(value, 40);
  return json.length > 40 ? `${json.slice(0, 37)}...` : json;
}

/** The text without a leading byte-order mark, which some editors add. */
export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** A thrown value's message. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Bytes as an ArrayBuffer of exactly their length, without a copy when they already are one. */
export function toArrayBuffer(bytes: Uint8Array): ArrayBuffer {
  const { buffer, byteOffset, byteLength } = bytes;
  if (buffer instanceof ArrayBuffer && byteOffset === 0 && byteLength === buffer.byteLength) {
    return buffer;
  }
  return bytes.slice().buffer;
}

/**
 * A throttled progress callback: call it with how much is done out of `total`; it passes the
 * fraction on at most once per percent, and always passes 1 when done reaches total.
 */
export function progressReporter(
  total: number,
  onProgress?: (fraction: number) => void,
): (done: number) => void {
  if (!onProgress) return () => {};
  let reported = 0;
  return (done) => {
    const fraction = total > 0 ? Math.min(1, done / total) : 1;
    if (fraction - reported >= 0.01 || (fraction === 1 && reported < 1)) {
      reported = fraction;
      onProgress(fraction);
    }
  };
}

/** A failed result. */
export function fail(error: string): { ok: false; error: string } {
  return { ok: false, error };
}
