/**
 * Requests paired to their replies: a Socket.IO emit to its ack, a GraphQL subscribe to its
 * next/error/complete, a JSON-RPC call to its response, or two JSON fields a user names. The
 * protocol sessions say what each frame asks or answers (a `PairItem`, keyed so a request and
 * its replies share the key); this module keeps what waits, measures latencies and counts per
 * name. Pure and bounded: the capture worker and the scenario runner use it alike.
 */
import { percentile } from "../rtt-stats.ts";

/** What a frame asks or answers, as its protocol session reads it. */
export interface PairItem {
  /** `cancel`: the asker gave the request up (a GraphQL complete sent before the end). */
  role: "request" | "reply" | "cancel";
  /**
   * Shared by a request and its replies, and distinct per direction (`c:` for what the client
   * asked, `s:` for what the server asked), so an id each side counts on its own cannot clash.
   */
  key: string;
  /** How people call the id: `ack 3`, `id 7`, `operation 2`. */
  label: string;
  /** A request's method, event or operation name. */
  name?: string;
  /** A reply that reports an error, in a few words. */
  error?: string;
  /** A reply after which more may follow (GraphQL `next`); the request stays open for them. */
  more?: boolean;
  /**
   * What a reply carries, decoded (an ack's arguments, a next's payload, a JSON-RPC response),
   * for a scenario to check; bytes as `{"$bytes": "<hex>"}`. Never kept by the pairing.
   */
  value?: unknown;
}

/** Bounds of a pairing. Every one of them is reached only by a peer that misbehaves. */
export interface PairingLimits {
  /** Requests waiting for a first reply; past it the oldest is given up. @default 10_000 */
  maxPending: number;
  /** Requests answered that may still get more replies (subscriptions). @default 10_000 */
  maxOpen: number;
  /** Distinct names in the statistics; the rest count under `(other names)`. @default 200 */
  maxNames: number;
  /** Latencies kept per name for the percentiles, the latest ones. @default 10_000 */
  samplesPerName: number;
}

/** The default bounds. */
export const defaultPairingLimits: PairingLimits = {
  maxPending: 10_000,
  maxOpen: 10_000,
  maxNames: 200,
  samplesPerName: 10_000,
};

/** Cancelled requests remembered, so replies already on their way pair without a fuss. */
const MAX_CANCELLED = 1000;

/** The name statistics fall back to once `maxNames` are in use. */
export const OTHER_NAMES = "(other names)";
/** The name of a request that has none. */
export const UNNAMED = "(unnamed)";

/** What became of an item. */
export type PairOutcome =
  | { role: "request"; serial: number; problem?: string }
  | {
      role: "reply";
      /** The request's serial. */
      serial: number;
      name: string;
      /** Since the request was sent, in ms. */
      latencyMs: number;
      /** The request's first reply (the one the statistics count). */
      first: boolean;
      problem?: string;
    }
  | { role: "reply"; serial?: undefined; problem: string }
  | { role: "cancel"; serial?: number };

/** Counts and latencies of one method, event or operation name. */
export interface NameStats {
  name: string;
  /** Requests made. */
  count: number;
  /** Requests answered (their first reply came). */
  answered: number;
  /** Percentiles over the latest `sampled` first-reply latencies (ms); NaN before any. */
  p50: number;
  p95: number;
  /** The longest first-reply latency ever seen (ms); NaN before any. */
  max: number;
  /** Requests whose reply reported an error. */
  errors: number;
  /** Requests given up: the connection closed, the id was reused, or too many waited. */
  unanswered: number;
  /** How many latencies the percentiles are over (at most `samplesPerName`). */
  sampled: number;
}

/** A pairing's figures at a moment. */
export interface PairingSnapshot {
  /** Requests with no reply yet. */
  pending: number;
  /** When the oldest of them was sent (epoch ms), or NaN. */
  oldestPendingTime: number;
  /** Replies that matched no waiting request. */
  unmatched: number;
  /** Requests that were given up because more than `maxPending` waited. */
  evicted: number;
  names: NameStats[];
}

/** Requests and replies, paired. */
export interface Pairing {
  /** Records a request sent (or received) at `time` (ms). */
  request(item: PairItem, time: number): PairOutcome;
  /** Records a reply at `time` (ms) and pairs it with its request. */
  reply(item: PairItem, time: number): PairOutcome;
  /** Forgets a request its asker gave up; it counts neither as answered nor as unanswered. */
  cancel(item: PairItem): PairOutcome;
  /** Records any item, by its role. */
  record(item: PairItem, time: number): PairOutcome;
  /** Gives up every waiting request (the connection closed); returns how many there were. */
  abandon(): number;
  /** Requests with no reply yet. */
  readonly pending: number;
  /** Changes whenever anything is recorded, so a reporter knows when to post. */
  readonly revision: number;
  snapshot(): PairingSnapshot;
  /** Forgets everything, the statistics included. */
  reset(): void;
}

interface Waiting {
  serial: number;
  name: string;
  time: number;
  label: string;
  errored: boolean;
}

interface Tally {
  count: number;
  answered: number;
  errors: number;
  unanswered: number;
  max: number;
  samples: Float64Array;
  /** Samples written so far (the ring's next slot is `written % length`). */
  written: number;
}

/** A pairing within `limits`. */
export function makePairing(limits: Partial<PairingLimits> = {}): Pairing {
  const bounds = { ...defaultPairingLimits, ...limits };
  // Maps keep insertion order, so the first entry of `pending` is the oldest request.
  let pending = new Map<string, Waiting>();
  let open = new Map<string, Waiting>();
  /** Requests the asker gave up: replies already on their way still pair, quietly. */
  let cancelled = new Map<string, Waiting>();
  let tallies = new Map<string, Tally>();
  let serial = 0;
  let unmatched = 0;
  let evicted = 0;
  let revision = 0;

  function tally(name: string): Tally {
    let found = tallies.get(name);
    if (found) return found;
    const key = tallies.size >= bounds.maxNames ? OTHER_NAMES : name;
    found = tallies.get(key);
    if (found) return found;
    found = {
      count: 0,
      answered: 0,
      errors: 0,
      unanswered: 0,
      max: Number.NaN,
      samples: new Float64Array(bounds.samplesPerName),
      written: 0,
    };
    tallies.set(key, found);
    return found;
  }

  function giveUp(waiting: Waiting) {
    tally(waiting.name).unanswered++;
  }

  function request(item: PairItem, time: number): PairOutcome {
    revision++;
    const name = item.name || UNNAMED;
    tally(name).count++;
    let problem: string | undefined;
    cancelled.delete(item.key);
    const waitingEarlier = pending.get(item.key);
    const earlier = waitingEarlier ?? open.get(item.key);
    if (earlier) {
      // A reused id: the replies that follow belong to the new request.
      pending.delete(item.key);
      open.delete(item.key);
      if (waitingEarlier) giveUp(waitingEarlier);
      problem = `${item.label} is used again while request #${earlier.serial} with it is still open: that one is given up`;
    }
    if (pending.size >= bounds.maxPending) {
      const [oldestKey, oldest] = pending.entries().next().value as [string, Waiting];
      pending.delete(oldestKey);
      giveUp(oldest);
      evicted++;
      problem ??= `More than ${bounds.maxPending} requests wait for replies: the oldest (#${oldest.serial}, ${oldest.label}) is no longer tracked`;
    }
    serial++;
    pending.set(item.key, { serial, name, time, label: item.label, errored: false });
    return problem ? { role: "request", serial, problem } : { role: "request", serial };
  }

  function reply(item: PairItem, time: number): PairOutcome {
    revision++;
    const first = pending.get(item.key);
    const waiting = first ?? open.get(item.key);
    const given = waiting ? undefined : cancelled.get(item.key);
    if (given)
      return {
        role: "reply",
        serial: given.serial,
        name: given.name,
        latencyMs: time - given.time,
        first: false,
      };
    if (!waiting) {
      unmatched++;
      return { role: "reply", problem: `No request with ${item.label} is waiting for a reply` };
    }
    const latencyMs = time - waiting.time;
    const stats = tally(waiting.name);
    if (first) {
      pending.delete(item.key);
      stats.answered++;
      stats.samples[stats.written % stats.samples.length] = latencyMs;
      stats.written++;
      if (!(latencyMs <= stats.max)) stats.max = latencyMs;
    }
    if (item.error !== undefined && !waiting.errored) {
      waiting.errored = true;
      stats.errors++;
    }
    let problem: string | undefined;
    if (item.more === true && first) {
      if (open.size >= bounds.maxOpen) {
        const [oldestKey] = open.keys();
        if (oldestKey !== undefined) open.delete(oldestKey);
        problem = `More than ${bounds.maxOpen} operations are open: the oldest no longer pairs its replies`;
      }
      open.set(item.key, waiting);
    } else if (item.more !== true) open.delete(item.key);
    return {
      role: "reply",
      serial: waiting.serial,
      name: waiting.name,
      latencyMs,
      first: first !== undefined,
      ...(problem ? { problem } : {}),
    };
  }

  function cancel(item: PairItem): PairOutcome {
    const waiting = pending.get(item.key) ?? open.get(item.key);
    if (!waiting) return { role: "cancel" };
    revision++;
    pending.delete(item.key);
    open.delete(item.key);
    if (cancelled.size >= MAX_CANCELLED) {
      const [oldest] = cancelled.keys();
      if (oldest !== undefined) cancelled.delete(oldest);
    }
    cancelled.set(item.key, waiting);
    return { role: "cancel", serial: waiting.serial };
  }

  return {
    request,
    reply,
    cancel,
    record: (item, time) =>
      item.role === "request"
        ? request(item, time)
        : item.role === "reply"
          ? reply(item, time)
          : cancel(item),
    abandon() {
      const count = pending.size;
      for (const waiting of pending.values()) giveUp(waiting);
      pending = new Map();
      open = new Map();
      cancelled = new Map();
      if (count > 0) revision++;
      return count;
    },
    get pending() {
      return pending.size;
    },
    get revision() {
      return revision;
    },
    snapshot() {
      const oldest = pending.values().next().value as Waiting | undefined;
      return {
        pending: pending.size,
        oldestPendingTime: oldest?.time ?? Number.NaN,
        unmatched,
        evicted,
        names: [...tallies].map(([name, stats]) => nameStats(name, stats)),
      };
    },
    reset() {
      pending = new Map();
      open = new Map();
      cancelled = new Map();
      tallies = new Map();
      unmatched = 0;
      evicted = 0;
      revision++;
    },
  };
}

function nameStats(name: string, tally: Tally): NameStats {
  const sampled = Math.min(tally.written, tally.samples.length);
  const sorted = tally.samples.slice(0, sampled).sort();
  return {
    name,
    count: tally.count,
    answered: tally.answered,
    p50: percentile(sorted, 50),
    p95: percentile(sorted, 95),
    max: tally.max,
    errors: tally.errors,
    unanswered: tally.unanswered,
    sampled,
  };
}
