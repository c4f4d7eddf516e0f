import type { SocketLike, Transport, TransportEvents } from "./transport.ts";

/** WebSocket.OPEN, spelled out: Node (where tests run this) has no global WebSocket. */
const OPEN = 1;

/** A browser WebSocket straight to the target; timestamps come from `now`. */
export function openDirect(
  socket: SocketLike,
  protocols: string[],
  events: TransportEvents,
  now: () => number,
  failureHint: (protocols: string[]) => string,
): Transport {
  socket.binaryType = "arraybuffer";
  let opened = false;
  socket.onopen = () => {
    opened = true;
    events.open(now(), {
      url: socket.url,
      protocol: socket.protocol,
      extensions: socket.extensions,
    });
  };
  socket.onmessage = (event) => {
    const time = now();
    // Read once: each read of `data` is a call into the browser.
    const { data } = event;
    if (typeof data === "string" || data instanceof ArrayBuffer) events.message(time, data);
  };
  socket.onerror = () => {
    // Browsers give an error event no details on purpose; the close code that follows says more.
    if (opened)
      return events.error(
        now(),
        "The connection failed (the browser gives no details; see the close code)",
      );
    events.error(
      now(),
      `Could not connect to ${socket.url}`,
      protocols.length ? { diagnosis: failureHint(protocols) } : undefined,
    );
  };
  socket.onclose = (event) => events.close(now(), event.code, event.reason, event.wasClean);
  return {
    via: "direct",
    get isOpen() {
      return socket.readyState === OPEN;
    },
    send(data) {
      // Stamped just before the send call: the moment the frame is handed to the socket.
      const time = now();
      socket.send(data);
      events.sent(time);
    },
    close: (code, reason) => socket.close(code, reason),
    abandon() {
      socket.onclose = socket.onmessage = socket.onerror = socket.onopen = null;
      if (socket.readyState <= OPEN) socket.close(1000, "reconnecting");
    },
  };
}
