import WebSocket from "ws";
import type { FrameNote, ProtocolTracker } from "../../echo-server/protocol/sessions/tracker.ts";
import type { ProtocolAction, WireData } from "../../echo-server/protocol/sessions/types.ts";

/** A frame that went by, either way, with the tracker's note on it. */
export interface Seen {
  from: "server" | "client";
  data: WireData;
  note?: FrameNote;
}

/**
 * A `ws` client driven by a protocol tracker, the way the capture worker drives one: each frame
 * received is read and answered (pongs, namespace connects), each frame sent is read too.
 */
export interface TrackedClient {
  ws: WebSocket;
  seen: Seen[];
  /** Sends what an action produces; throws when the session refuses it. */
  act(action: ProtocolAction): string | undefined;
  /** Waits for a frame (either way) whose note matches; fails after `timeoutMs`. */
  until(predicate: (seen: Seen) => boolean, timeoutMs?: number): Promise<Seen>;
  closed: Promise<{ code: number; reason: string }>;
  isOpen(): boolean;
}

/** Opens `url` through `tracker.target` and drives the session until it closes. */
export async function openTracked(
  tracker: ProtocolTracker,
  url: string,
  protocols: string[] = [],
): Promise<TrackedClient> {
  const target = tracker.target(url, protocols);
  const ws = new WebSocket(target.url, target.protocols);
  const seen: Seen[] = [];
  const waiters = new Set<() => void>();
  const wake = () => {
    for (const waiter of waiters) waiter();
  };
  const send = (data: WireData) => {
    ws.send(data);
    const note = tracker.sent(data, performance.now());
    seen.push({ from: "client", data, ...(note ? { note } : {}) });
    wake();
  };
  ws.on("message", (raw: Buffer, isBinary: boolean) => {
    const data: WireData = isBinary ? new Uint8Array(raw) : raw.toString("utf8");
    const { note, send: answers } = tracker.receive(data, performance.now());
    seen.push({ from: "server", data, ...(note ? { note } : {}) });
    for (const answer of answers) send(answer);
    wake();
  });
  const closed = new Promise<{ code: number; reason: string }>((resolve) =>
    ws.on("close", (code, reason) => {
      tracker.closed();
      resolve({ code, reason: reason.toString() });
      wake();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    ws.once("open", () => resolve());
    ws.once("error", reject);
  });
  for (const frame of tracker.open(ws.protocol, performance.now()).send) send(frame);
  return {
    ws,
    seen,
    closed,
    isOpen: () => ws.readyState === WebSocket.OPEN,
    act(action) {
      const result = tracker.act(action);
      if (!result.ok) throw new Error(result.error);
      for (const frame of result.send) send(frame);
      return result.id;
    },
    until(predicate, timeoutMs = 5000) {
      let from = 0;
      return new Promise((resolve, reject) => {
        const check = () => {
          for (; from < seen.length; from++) {
            const item = seen[from];
            if (item && predicate(item)) {
              waiters.delete(check);
              clearTimeout(timer);
              resolve(item);
              return;
            }
          }
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(
              `nothing matching within ${timeoutMs} ms; seen: ${seen.map((s) => s.note?.summary ?? String(s.data)).join(" | ")}`,
            ),
          );
        }, timeoutMs);
        waiters.add(check);
        check();
      });
    },
  };
}
