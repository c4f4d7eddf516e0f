import type { HandshakeReport, WireSize } from "../../../echo-server/protocol/relay-wire.ts";

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
  /** A frame arrived; `wire` is what it took on the wire, when the relay measured it. */
  message(time: number, data: string | ArrayBuffer, wire?: WireSize): void;
  /**
   * A frame left (direct: when handed to the socket; relay: when written to the target, with
   * what it took on the wire).
   */
  sent(time: number, wire?: WireSize): void;
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

/**
 * A connection to a target, direct (direct-transport.ts) or through the relay
 * (relay-transport.ts). This file only declares the contract, so both implementations and the
 * engine depend on it and it depends on neither.
 */
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
