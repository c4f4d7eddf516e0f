import { defineHooks, type Peer } from "crossws";
import { numberParam, type ParameterSpec, queryOf } from "../query.ts";
import { type Send, sendDirect } from "../send.ts";

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
}

/**
 * `/echo`: sends every message back to its sender, verbatim. On Node, crossws hands text frames
 * over as strings and binary frames as Buffers, and sending them back keeps that type, so text
 * stays text and binary stays binary. `?delay`, `?jitter` and `?drop` inject latency and loss;
 * with a delay alone, order is kept (equal timeouts fire in order).
 */
export function createEcho(options: { send?: Send; random?: () => number } = {}) {
  const send = options.send ?? sendDirect;
  const random = options.random ?? Math.random;
  const states = new WeakMap<Peer, EchoState>();

  return defineHooks({
    upgrade(request) {
      const query = queryOf(request);
      const state: EchoState = {
        delay: numberParam(query, "delay", { min: 0, max: 60_000, fallback: 0 }),
        jitter: numberParam(query, "jitter", { min: 0, max: 60_000, fallback: 0 }),
        drop: numberParam(query, "drop", { min: 0, max: 1, fallback: 0, integer: false }),
        timers: new Set(),
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
      if (state.drop > 0 && random() < state.drop) return;
      const wait = state.delay + (state.jitter > 0 ? random() * state.jitter : 0);
      const timer = setTimeout(() => {
        state.timers.delete(timer);
        send(peer, data);
      }, wait);
      state.timers.add(timer);
    },
    close(peer) {
      for (const timer of states.get(peer)?.timers ?? []) clearTimeout(timer);
      states.delete(peer);
    },
  });
}

/** `/echo` hooks, ready to mount in any crossws adapter (e.g. a SolidStart/Nitro route). */
export const echo = createEcho();
