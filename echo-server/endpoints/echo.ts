import { defineHooks, type Peer } from "crossws";
import { ByteBudget } from "../budget.ts";
import { CloseCodes } from "../protocol/close-codes.ts";
import { numberParam, type ParameterSpec, queryOf } from "../query.ts";
import { type Send, sendDirect } from "../send.ts";
import { messageBytes } from "../stats.ts";

/** Query parameters of `/echo`. */
export const echoParameters: ParameterSpec[] = [
  { name: "delay", description: "milliseconds to wait before each echo", default: "0" },
  {
    name: "jitter",
    description: "extra random delay of 0..jitter ms per message (may reorder)",
    default: "0",
  },
  { name: "drop", description: "probability 0..1 that a message is not echoed", default: "0" },
];

interface EchoState {
  delay: number;
  jitter: number;
  drop: number;
  timers: Set<ReturnType<typeof setTimeout>>;
  /** Bytes of the messages held for a delayed echo, each with its overhead. */
  pendingBytes: number;
  /** Closed for going over budget; later messages are ignored. */
  overflowed: boolean;
}

/**
 * What holding one message costs besides its payload: its timer, closure and set entry. Charged
 * to the budget with the payload, so that empty frames cannot be held without bound.
 */
export const HELD_MESSAGE_OVERHEAD_BYTES = 1024;

/** Bounds of the messages `/echo?delay` holds. */
export interface EchoLimits {
  /** Bytes one peer may have waiting for their echo. @default 4 MiB */
  maxPendingBytesPerPeer: number;
  /** Bytes all peers together may have waiting; shared with the caller, who can read `used`. @default 64 MiB */
  pending: ByteBudget;
}

/** The default bounds. */
export function defaultEchoLimits(): EchoLimits {
  return { maxPendingBytesPerPeer: 4 * 1024 * 1024, pending: new ByteBudget(64 * 1024 * 1024) };
}

/**
 * `/echo`: sends every message back to its sender, verbatim. On Node, crossws hands text frames
 * over as strings and binary frames as Buffers, and sending them back keeps that type, so text
 * stays text and binary stays binary. `?delay`, `?jitter` and `?drop` inject latency and loss;
 * with a delay alone, order is kept (equal timeouts fire in order). Held messages are bounded
 * per peer and in all: a peer that goes over is closed with 1013, and nothing is held unbounded.
 */
export function createEcho(
  options: {
    send?: Send;
    random?: () => number;
    limits?: EchoLimits;
    /** Called when a peer is closed for going over the held-bytes budget. */
    onOverflow?: () => void;
  } = {},
) {
  const send = options.send ?? sendDirect;
  const random = options.random ?? Math.random;
  const limits = options.limits ?? defaultEchoLimits();
  const states = new WeakMap<Peer, EchoState>();

  return defineHooks({
    upgrade(request) {
      const query = queryOf(request);
      const state: EchoState = {
        delay: numberParam(query, "delay", { min: 0, max: 60_000, fallback: 0 }),
        jitter: numberParam(query, "jitter", { min: 0, max: 60_000, fallback: 0 }),
        drop: numberParam(query, "drop", { min: 0, max: 1, fallback: 0, integer: false }),
        timers: new Set(),
        pendingBytes: 0,
        overflowed: false,
      };
      return { context: { echo: state } };
    },
    open(peer) {
      const state = peer.context.echo as EchoState | undefined;
      if (state && (state.delay > 0 || state.jitter > 0 || state.drop > 0)) states.set(peer, state);
    },
    message(peer, message) {
      const data = message.rawData as string | Uint8Array;
      const state = states.get(peer);
      if (!state) {
        send(peer, data);
        return;
      }
      if (state.overflowed || (state.drop > 0 && random() < state.drop)) return;
      const bytes = messageBytes(data) + HELD_MESSAGE_OVERHEAD_BYTES;
      if (
        state.pendingBytes + bytes > limits.maxPendingBytesPerPeer ||
        !limits.pending.take(bytes)
      ) {
        state.overflowed = true;
        options.onOverflow?.();
        peer.close(
          CloseCodes.tryAgainLater,
          "Echo queue full: too many bytes waiting for their delayed echo",
        );
        return;
      }
      state.pendingBytes += bytes;
      const wait = state.delay + (state.jitter > 0 ? random() * state.jitter : 0);
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        state.pendingBytes -= bytes;
        limits.pending.give(bytes);
        send(peer, data);
      }, wait);
      state.timers.add(timer);
    },
    close(peer) {
      const state = states.get(peer);
      if (!state) return;
      for (const timer of state.timers) clearTimeout(timer);
      limits.pending.give(state.pendingBytes);
      state.pendingBytes = 0;
      states.delete(peer);
    },
  });
}

/** `/echo` hooks, ready to mount in any crossws adapter (e.g. a SolidStart/Nitro route). */
export const echo = createEcho();
