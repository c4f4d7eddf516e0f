import type { HeaderList } from "../../../../echo-server/protocol/relay-wire.ts";

/**
 * What HAR's reader and writer agree on: message times in epoch seconds at µs precision, and
 * header lookup by name.
 */

/**
 * Epoch seconds rounded to the microsecond. A double near 1.7e9 resolves about 0.24 µs, so six
 * decimals survive the trip through JSON and back.
 */
export function epochSeconds(ms: number): number {
  return Math.round(ms * 1000) / 1e6;
}

/** Epoch ms of epoch seconds, rounded to the microsecond (undoing epochSeconds exactly at µs). */
export function secondsToMs(seconds: number): number {
  return Math.round(seconds * 1e6) / 1000;
}

/** The first value of a header, by case-insensitive name. */
export function headerValue(headers: HeaderList, name: string): string | undefined {
  return headers.find(([key]) => key.toLowerCase() === name)?.[1];
}
