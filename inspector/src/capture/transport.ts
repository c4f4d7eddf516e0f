import type { HandshakeReport, RelaySettings } from "../../../echo-server/protocol/relay-wire.ts";
import { openRelaySocket } from "./relay-socket.ts";

/** The subset of the browser WebSocket the engine uses, so tests can pass `ws`'s client. */
export interface SocketLike {
  binaryType: string;
  readonly readyState: number;
  readonly protocol: string;
  readonly extensions: string;
  readonly url: string;
  onopen: ((event: Event) => void) | null;
  onmessage: ((event: MessageEvent) => void) | null;
  onerror: ((event: Event) => void) | null;
  onclose: ((event: CloseEvent) => void) | null;
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
}

/** What a transport reports; every `time` is epoch ms, from the worker or the relay clock. */
export interface TransportEvents {
  open(
    time: number,
    info: { url: string; protocol: string; extensions: string; handshake?: HandshakeReport },
  ): void;
  message(time: number, data: string | ArrayBuffer): void;
  /** A frame left (direct: when handed to the socket; relay: when written to the target). */
  sent(time: number): void;
  control(
    time: number,
    kind: "ping" | "pong",
    from: "server" | "client",
    data: ArrayBuffer,
    rtt?: number,
  ): void;
  error(
    time: number,
    message: string,
    extra?: { diagnosis?: string; handshake?: HandshakeReport },
  ): void;
  close(
    time: number,
    code: number,
    reason: string,
    wasClean: boolean,
    side?: "server" | "client" | "relay",
  ): void;
}

/** A connection to a target, direct or through the relay. */
export interface Transport {
  readonly via: "direct" | "relay";
  readonly isOpen: boolean;
  /** Sends a frame; `sent` follows (at once when direct, on the relay's word otherwise). */
  send(data: string | ArrayBuffer): void;
  close(code?: number, reason?: string): void;
  /** Drops the connection silently (it is being replaced). */
  abandon(): void;
  /** Relay only: a ping frame, and whether to answer the target's pings. */
  ping?(data: Uint8Array): void;
  setAutoPong?(enabled: boolean): void;
}

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
    if (typeof event.data === "string" || event.data instanceof ArrayBuffer)
      events.message(time, event.data);
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

/** The target through the bundled server's relay; timestamps come from the relay. */
export function openViaRelay(
  openSocket: (url: string) => WebSocket,
  url: string,
  protocols: string[],
  settings: RelaySettings,
  events: TransportEvents,
  now: () => number,
): Transport {
  const relay = openRelaySocket(openSocket, url, protocols, settings, events, now);
  return {
    via: "relay",
    get isOpen() {
      return relay.isOpen;
    },
    send: (data) => relay.send(data),
    close: (code, reason) => relay.close(code, reason),
    abandon: () => relay.abandon(),
    ping: (data) => relay.ping(data),
    setAutoPong: (enabled) => relay.setAutoPong(enabled),
  };
}
