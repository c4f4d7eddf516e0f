import { defineHooks, type Peer } from "crossws";
import { numberParam, type ParameterSpec, queryOf } from "../query.ts";
import { type Send, sendDirect } from "../send.ts";

/** Query parameters of `/ticker`. */
export const tickerParameters: ParameterSpec[] = [
  { name: "interval", description: "milliseconds between ticks (10..3600000)", default: "1000" },
  {
    name: "count",
    description: "ticks to send before closing with 1000 (0 = no end)",
    default: "0",
  },
];

/**
 * `/ticker`: server push of `{"type":"tick","seq":n,"ts":ms}` every `?interval` ms, `?count`
 * times, then close 1000. Ticks are scheduled from the start time, so they do not drift.
 */
export function createTicker(options: { send?: Send } = {}) {
  const send = options.send ?? sendDirect;
  const timers = new WeakMap<Peer, ReturnType<typeof setTimeout>>();

  return defineHooks({
    upgrade(request) {
      const query = queryOf(request);
      return {
        context: {
          interval: numberParam(query, "interval", { min: 10, max: 3_600_000, fallback: 1000 }),
          count: numberParam(query, "count", { min: 0, max: 1_000_000_000, fallback: 0 }),
        },
      };
    },
    open(peer) {
      const interval = peer.context.interval as number;
      const count = peer.context.count as number;
      const start = Date.now();
      let seq = 0;
      const tick = () => {
        seq++;
        send(peer, JSON.stringify({ type: "tick", seq, ts: Date.now() }));
        if (count > 0 && seq >= count) {
          peer.close(1000, "ticker done");
          return;
        }
        timers.set(peer, setTimeout(tick, Math.max(0, start + (seq + 1) * interval - Date.now())));
      };
      timers.set(peer, setTimeout(tick, interval));
    },
    close(peer) {
      clearTimeout(timers.get(peer));
      timers.delete(peer);
    },
  });
}

/** `/ticker` hooks, ready to mount in any crossws adapter. */
export const ticker = createTicker();
