import { Writable } from "node:stream";
import type { Hooks, Peer } from "crossws";
import { CloseCodes } from "./protocol/close-codes.ts";
import type { Send } from "./send.ts";
import { messageBytes, type Stats } from "./stats.ts";
import { type Bucket, takeToken } from "./token-bucket.ts";

/** The limits that keep the server safe by default. Each has a CLI flag. */
export interface Policy {
  /** Largest message accepted; a larger one closes the connection with 1009. @default 1 MiB */
  maxPayload: number;
  /** permessage-deflate on or off. @default false */
  deflate: boolean;
  /** Messages per second a peer may send (token bucket refill); 0 turns the limit off. @default 5000 */
  rateLimit: number;
  /** Messages a peer may send in one burst. @default 2 × rateLimit */
  rateBurst: number;
  /** Connections, open or still upgrading, before upgrades get 503. @default 1000 */
  maxConnections: number;
  /** Connections, open or still upgrading, from one IP address. @default 256 */
  maxConnectionsPerIp: number;
  /** Bytes queued for a peer before messages to it are dropped. @default 4 MiB */
  maxBufferedBytes: number;
  /** How long a peer may stay over `maxBufferedBytes` before it is closed with 1013. @default 10 s */
  slowConsumerGraceMs: number;
  /** Bytes queued for all peers together; past it, peers with a backlog get no more. @default 256 MiB */
  maxBufferedTotalBytes: number;
  /** Rooms held at once, empty rooms with history included. @default 10000 */
  maxRooms: number;
  /** UTF-8 bytes of room history over all rooms; least recently used rooms lose theirs first. @default 16 MiB */
  maxHistoryBytes: number;
  /** HTTP API requests per second per client address (bursts of twice that); then 429. @default 20 */
  apiRateLimit: number;
  /** Bytes of HTTP API request bodies being received at once, over all clients; then 503. @default 16 MiB */
  apiBodyBytes: number;
  /** Bytes one `/echo?delay` peer may have waiting; over it the peer is closed with 1013. @default 4 MiB */
  echoPendingBytesPerPeer: number;
  /** Bytes all `/echo?delay` peers may have waiting together. @default 64 MiB */
  echoPendingBytes: number;
}

/** The defaults: loopback-friendly and bounded. */
export const defaultPolicy: Policy = {
  maxPayload: 1024 * 1024,
  deflate: false,
  rateLimit: 5000,
  rateBurst: 10_000,
  maxConnections: 1000,
  maxConnectionsPerIp: 256,
  maxBufferedBytes: 4 * 1024 * 1024,
  slowConsumerGraceMs: 10_000,
  maxBufferedTotalBytes: 256 * 1024 * 1024,
  maxRooms: 10_000,
  maxHistoryBytes: 16 * 1024 * 1024,
  apiRateLimit: 20,
  apiBodyBytes: 16 * 1024 * 1024,
  echoPendingBytesPerPeer: 4 * 1024 * 1024,
  echoPendingBytes: 64 * 1024 * 1024,
};

/** How long a peer closed for being slow gets to finish the closing handshake. */
const SLOW_CLOSE_TERMINATE_MS = 1000;

/** What the guarded send keeps per peer. */
interface SendState {
  /** The peer's TCP socket, when the adapter has one (crossws on Node, over `ws`). */
  socket: Writable | undefined;
  /** Since when the peer has been over `maxBufferedBytes`, or -1. */
  overSince: number;
  /** The peer's queued bytes as last seen, counted in the total. */
  queued: number;
}

/** How often the total of queued bytes is brought up to date while peers have a backlog. */
const QUEUE_RECOUNT_MS = 200;

/**
 * A `Send` that never buffers without bound: while a peer has more than `maxBufferedBytes`
 * queued, messages to it are dropped and counted; if that lasts `slowConsumerGraceMs`, the
 * peer is closed with 1013 and cut off shortly after.
 *
 * It also batches writes: the first send to a peer in a turn of the event loop corks its
 * socket, and the socket is uncorked when the turn's synchronous work is done. Frames produced
 * for one peer while handling one read (pipelined echoes, a firehose burst) then leave in one
 * system call instead of one each, and nothing waits longer than the current turn.
 */
export function makeGuardedSend(
  policy: Policy,
  stats: Stats,
  now = () => Date.now(),
): Send & { queuedBytes(): number } {
  const states = new WeakMap<Peer, SendState>();
  const corked: Writable[] = [];
  const uncorkAll = () => {
    for (const socket of corked) socket.uncork();
    corked.length = 0;
  };
  // The total over all peers: each peer's last seen backlog, recounted while any has one.
  const backlogged = new Set<Peer>();
  let queuedTotal = 0;
  let recount: ReturnType<typeof setTimeout> | undefined;
  const observe = (peer: Peer, state: SendState) => {
    const queued = isOpen(peer) ? peer.bufferedAmount : 0;
    queuedTotal += queued - state.queued;
    state.queued = queued;
    if (queued > 0) backlogged.add(peer);
    else backlogged.delete(peer);
    if (backlogged.size > 0 && !recount) recount = setTimeout(recountAll, QUEUE_RECOUNT_MS).unref();
  };
  const recountAll = () => {
    recount = undefined;
    for (const peer of backlogged) {
      const state = states.get(peer);
      if (state) observe(peer, state);
      else backlogged.delete(peer);
    }
  };
  const send: Send = (peer, data) => {
    let state = states.get(peer);
    if (!state) {
      state = { socket: socketOf(peer), overSince: -1, queued: 0 };
      states.set(peer, state);
    }
    // Past the total, only peers that have caught up get more: the slow ones wait their turn.
    if (queuedTotal > policy.maxBufferedTotalBytes && peer.bufferedAmount > 0) {
      stats.drops++;
      return;
    }
    if (peer.bufferedAmount > policy.maxBufferedBytes) {
      stats.drops++;
      if (state.overSince < 0) state.overSince = now();
      else if (now() - state.overSince > policy.slowConsumerGraceMs) {
        state.overSince = -1;
        peer.close(CloseCodes.tryAgainLater, "Slow consumer: messages were dropped");
        setTimeout(() => peer.terminate(), SLOW_CLOSE_TERMINATE_MS).unref();
      }
      return;
    }
    state.overSince = -1;
    stats.messagesOut++;
    stats.bytesOut += messageBytes(data);
    const socket = state.socket;
    if (socket && socket.writableCorked === 0 && !socket.destroyed) {
      socket.cork();
      if (corked.push(socket) === 1) process.nextTick(uncorkAll);
    }
    peer.send(data);
    if (peer.bufferedAmount > 0 || state.queued > 0) observe(peer, state);
  };
  return Object.assign(send, { queuedBytes: () => queuedTotal });
}

/** Whether the peer's socket is still open; a closed one's backlog will never be sent. */
function isOpen(peer: Peer): boolean {
  return (peer.websocket as { readyState?: number } | undefined)?.readyState === 1;
}

/** The TCP socket under a crossws Node peer: `ws` keeps it as `_socket` (crossws reads it too). */
function socketOf(peer: Peer): Writable | undefined {
  const socket = (peer.websocket as { _socket?: unknown } | undefined)?._socket;
  return socket instanceof Writable ? socket : undefined;
}

/** Token bucket state of one peer. */
interface PeerBucket extends Bucket {
  /** Messages refused since the bucket was last full; too many means sustained abuse. */
  refused: number;
}

/**
 * Wraps an endpoint's hooks with the per-peer rate limit and the message counters. Over the
 * limit, a message is dropped and the peer gets one `error` frame; if it keeps sending past a
 * further burst's worth of refusals, it is closed with 1008.
 */
export function withPolicy(
  hooks: Partial<Hooks>,
  policy: Policy,
  stats: Stats,
  now = () => performance.now(),
): Partial<Hooks> {
  if (policy.rateLimit <= 0) return withCounters(hooks, stats);
  const buckets = new WeakMap<Peer, PeerBucket>();
  const message = hooks.message;
  return {
    ...hooks,
    message(peer, incoming) {
      stats.messagesIn++;
      stats.bytesIn += messageBytes(incoming.rawData as string | Uint8Array);
      const time = now();
      let bucket = buckets.get(peer);
      if (!bucket) {
        bucket = { tokens: policy.rateBurst, updatedAt: time, refused: 0 };
        buckets.set(peer, bucket);
      }
      if (takeToken(bucket, time, policy.rateLimit, policy.rateBurst)) {
        if (bucket.tokens >= policy.rateBurst - 1) bucket.refused = 0;
        return message?.(peer, incoming);
      }
      stats.rateLimited++;
      bucket.refused++;
      if (bucket.refused === 1) {
        peer.send(
          JSON.stringify({
            type: "error",
            code: "rate_limited",
            message: `Rate limit: at most ${policy.rateLimit} messages/s (bursts of ${policy.rateBurst}); messages are being dropped`,
          }),
        );
      } else if (bucket.refused > policy.rateBurst) {
        peer.close(CloseCodes.policyViolation, "Rate limit exceeded");
      }
    },
  };
}

/** Wraps an endpoint's hooks with the message counters only (no rate limit). */
export function withCounters(hooks: Partial<Hooks>, stats: Stats): Partial<Hooks> {
  const message = hooks.message;
  return {
    ...hooks,
    message(peer, incoming) {
      stats.messagesIn++;
      stats.bytesIn += messageBytes(incoming.rawData as string | Uint8Array);
      return message?.(peer, incoming);
    },
  };
}

/** `ws` server options that carry the policy: payload cap and bounded compression. */
export function wsServerOptions(policy: Policy) {
  return {
    maxPayload: policy.maxPayload,
    perMessageDeflate: policy.deflate
      ? {
          // Bounded: small windows, a modest level, few concurrent zlib jobs, and no
          // compression for small frames. maxPayload also caps the inflated size.
          threshold: 1024,
          concurrencyLimit: 4,
          serverMaxWindowBits: 13,
          clientMaxWindowBits: 13,
          zlibDeflateOptions: { level: 3, memLevel: 7 },
        }
      : false,
  };
}
