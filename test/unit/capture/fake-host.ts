import { vi } from "vitest";
import type { CaptureHost } from "../../../inspector/src/capture/capture-engine.ts";
import type { CaptureReport } from "../../../inspector/src/capture/protocol.ts";
import type { SocketLike } from "../../../inspector/src/capture/transport.ts";
import { KIND_NAMES } from "../../../inspector/src/model/frames/frame.ts";
import type { FrameBatch } from "../../../inspector/src/model/frames/frame-batch.ts";

/** A browser WebSocket stand-in that records what the engine does to it. */
export interface FakeSocket extends SocketLike {
  readyState: number;
  readonly protocols: string[];
  readonly sent: (string | ArrayBuffer | Uint8Array)[];
  readonly closes: [code?: number, reason?: string][];
}

function fakeSocket(url: string, protocols: string[]): FakeSocket {
  const sent: FakeSocket["sent"] = [];
  const closes: FakeSocket["closes"] = [];
  return {
    binaryType: "blob",
    readyState: 0,
    protocol: "",
    extensions: "",
    url,
    protocols,
    sent,
    closes,
    onopen: null,
    onmessage: null,
    onerror: null,
    onclose: null,
    send: (data) => sent.push(data),
    close: (code, reason) => closes.push([code, reason]),
  };
}

/**
 * A capture host on vitest's fake timers (advance them with `vi.advanceTimersByTime`; restore
 * real timers after each test): records posts and the sockets it opens, and `random` is 0.5.
 */
export function fakeHost() {
  vi.useFakeTimers({ toFake: ["setTimeout", "clearTimeout", "Date", "performance"] });
  const posts: { report: CaptureReport; transfer: Transferable[] }[] = [];
  const sockets: FakeSocket[] = [];
  const host: CaptureHost = {
    post: (report, transfer) => posts.push({ report, transfer }),
    now: () => performance.now(),
    openSocket(url, protocols) {
      const socket = fakeSocket(url, protocols);
      sockets.push(socket);
      return socket;
    },
    setTimer: (callback, ms) => setTimeout(callback, ms),
    clearTimer: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
    random: () => 0.5,
  };
  /** The socket opened last. */
  const socket = () => {
    const last = sockets.at(-1);
    if (!last) throw new Error("no socket was opened");
    return last;
  };
  return { host, posts, sockets, socket };
}

/** Plays the browser's events on a fake socket. */
export const play = {
  open(socket: FakeSocket) {
    socket.readyState = 1;
    socket.onopen?.({} as Event);
  },
  message(socket: FakeSocket, data: string | ArrayBuffer) {
    socket.onmessage?.({ data } as MessageEvent);
  },
  error(socket: FakeSocket) {
    socket.onerror?.({} as Event);
  },
  close(socket: FakeSocket, code: number, reason = "") {
    socket.readyState = 3;
    socket.onclose?.({ code, reason, wasClean: code !== 1006 } as CloseEvent);
  },
};

/** The frame batches among the posts. */
export function batches(posts: { report: CaptureReport }[]): FrameBatch[] {
  return posts.flatMap(({ report }) => (report.type === "frames" ? [report.batch] : []));
}

/**
 * The posted log, one line per frame: its kind's name, its direction, the payload (text, or a
 * byte count) or the event's type, and the RTT when a ping loop matched it.
 */
export function logOf(posts: { report: CaptureReport }[], connectionId?: number): string[] {
  return batches(posts)
    .filter((batch) => connectionId === undefined || batch.connectionId === connectionId)
    .flatMap((batch) =>
      Array.from({ length: batch.count }, (_, i) => {
        const kind = KIND_NAMES[batch.kinds[i] as keyof typeof KIND_NAMES];
        const event = batch.events.find(([index]) => index === i)?.[1];
        const payload = batch.payloads[i];
        const detail =
          event?.type ??
          (typeof payload === "string" ? payload : `${payload?.byteLength ?? 0} bytes`);
        const direction = ["", "in", "out"][batch.directions[i] ?? 0];
        const rtt = batch.rtts.find(([index]) => index === i)?.[1];
        return [kind, direction, detail, rtt === undefined ? "" : `rtt ${rtt}`]
          .filter(Boolean)
          .join(" ");
      }),
    );
}
