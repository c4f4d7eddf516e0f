import { defineHooks, type Peer } from "crossws";
import { badRequest, flagParam, numberParam, type ParameterSpec, queryOf } from "../query.ts";
import { type Send, sendDirect } from "../send.ts";
import { firehoseTick } from "./firehose-schema.ts";

/** Query parameters of `/firehose`. */
export const firehoseParameters: ParameterSpec[] = [
  { name: "rate", description: "messages per second (1..200000)", default: "1000" },
  { name: "count", description: "messages to send before closing with 1000", default: "10000" },
  { name: "size", description: "bytes per message (1..max payload)", default: "64" },
  { name: "binary", description: "1 for binary frames instead of text", default: "0" },
  {
    name: "format",
    description:
      "text, or protobuf: binary socketscope.firehose.Tick messages (schema at /api/schemas/firehose.proto)",
    default: "text",
  },
];

/** Bytes queued for a peer at which the firehose pauses until the socket drains. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Pacing tick. Each tick sends every message due by then, so the rate holds between ticks. */
const TICK_MS = 2;

/** The message numbered `seq` (from 1): its decimal seq, a space, then filler to `size` bytes. */
export function firehoseMessage(
  seq: number,
  size: number,
  binary: boolean,
  filler: string,
): string | Uint8Array {
  const text = `${seq} ${filler}`.slice(0, size);
  return binary ? Buffer.from(text, "latin1") : text;
}

/**
 * `/firehose`: a paced stream for load tests. Sends `?count` messages of `?size` bytes at
 * `?rate` per second, then closes with 1000. With `?format=protobuf` the messages are binary
 * protobuf (firehose-schema.ts), about `?size` bytes each. Pacing follows the clock from the start, so the
 * average rate is exact; while the client cannot keep up (over 1 MiB queued), it waits instead
 * of dropping, so every message arrives and memory stays bounded.
 */
export function createFirehose(options: { send?: Send; maxSize?: number } = {}) {
  const send = options.send ?? sendDirect;
  const maxSize = options.maxSize ?? 1024 * 1024;
  const timers = new WeakMap<Peer, ReturnType<typeof setTimeout>>();

  return defineHooks({
    upgrade(request) {
      const query = queryOf(request);
      return {
        context: {
          rate: numberParam(query, "rate", { min: 1, max: 200_000, fallback: 1000 }),
          count: numberParam(query, "count", { min: 1, max: 100_000_000, fallback: 10_000 }),
          size: numberParam(query, "size", { min: 1, max: maxSize, fallback: 64 }),
          binary: flagParam(query, "binary"),
          protobuf: formatParam(query),
        },
      };
    },
    open(peer) {
      const { rate, count, size, binary, protobuf } = peer.context as {
        rate: number;
        count: number;
        size: number;
        binary: boolean;
        protobuf: boolean;
      };
      const filler = "abcdefghijklmnopqrstuvwxyz".repeat(Math.ceil(size / 26) + 1);
      const start = performance.now();
      let sent = 0;
      const tick = () => {
        const due = Math.min(count, Math.floor(((performance.now() - start) * rate) / 1000) + 1);
        while (sent < due && peer.bufferedAmount < HIGH_WATER_BYTES) {
          sent++;
          send(
            peer,
            protobuf ? firehoseTick(sent, size) : firehoseMessage(sent, size, binary, filler),
          );
        }
        if (sent >= count) {
          peer.close(1000, "firehose done");
          return;
        }
        timers.set(peer, setTimeout(tick, TICK_MS));
      };
      tick();
    },
    close(peer) {
      clearTimeout(timers.get(peer));
      timers.delete(peer);
    },
  });
}

/** `?format`: text (the default) or protobuf. */
function formatParam(query: URLSearchParams): boolean {
  const format = query.get("format") ?? "text";
  if (format === "text" || format === "") return false;
  if (format === "protobuf") return true;
  throw badRequest(`?format must be text or protobuf, not "${format.slice(0, 40)}"`);
}

/** `/firehose` hooks, ready to mount in any crossws adapter. */
export const firehose = createFirehose();
