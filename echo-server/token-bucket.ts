/** A token bucket: `tokens` left, as of `updatedAt` (ms). */
export interface Bucket {
  tokens: number;
  updatedAt: number;
}

/**
 * Refills `bucket` for the time since it was last used (`rate` tokens per second, at most
 * `burst`), then takes one token. False, and nothing taken, when the bucket is empty.
 */
export function takeToken(bucket: Bucket, now: number, rate: number, burst: number): boolean {
  bucket.tokens = Math.min(burst, bucket.tokens + ((now - bucket.updatedAt) * rate) / 1000);
  bucket.updatedAt = now;
  if (bucket.tokens < 1) return false;
  bucket.tokens -= 1;
  return true;
}

/** Milliseconds until an empty bucket holds a token again. */
export function msUntilToken(bucket: Bucket, rate: number): number {
  return Math.max(0, Math.ceil(((1 - bucket.tokens) * 1000) / rate));
}

/** Clients tracked at once; past it the oldest are forgotten (they start with a full bucket). */
const MAX_CLIENTS = 10_000;

/** One bucket per client key (an IP address), with a bounded number of clients. */
export function makeClientLimiter(rate: number, burst: number, now = () => performance.now()) {
  const buckets = new Map<string, Bucket>();
  return {
    /** Takes a token for `client`; returns 0 when allowed, else the ms to wait. */
    take(client: string): number {
      const time = now();
      let bucket = buckets.get(client);
      if (!bucket) {
        if (buckets.size >= MAX_CLIENTS) {
          const oldest = buckets.keys().next().value;
          if (oldest !== undefined) buckets.delete(oldest);
        }
        bucket = { tokens: burst, updatedAt: time };
        buckets.set(client, bucket);
      }
      return takeToken(bucket, time, rate, burst) ? 0 : msUntilToken(bucket, rate);
    },
  };
}
