import { closeReason } from "../../../echo-server/protocol/close-codes.ts";
import { parseJson } from "../../../echo-server/protocol/json-guard.ts";
import {
  DataKind,
  decodeIncoming,
  encodeOutgoing,
  type RelayCommand,
  type RelayEvent,
  type RelaySettings,
} from "../../../echo-server/protocol/relay-wire.ts";
import { decodeBase64, encodeBase64 } from "../model/frames/codecs.ts";
import type { Transport, TransportEvents } from "./transport.ts";

/** WebSocket.OPEN, spelled out: Node (where tests run this) has no global WebSocket. */
const OPEN = 1;

/** Longest relay event read, in characters. */
const RELAY_EVENT_MAX_CHARS = 16 * 1024 * 1024;

/**
 * The target through the bundled server's relay, spoken over one browser WebSocket (see
 * docs/relay.md). Frames and control frames arrive with the relay's timestamps; `now` stamps
 * only what the relay cannot (its own connection failing or sending something unreadable).
 */
export function openViaRelay(
  openSocket: (url: string) => WebSocket,
  url: string,
  protocols: string[],
  settings: RelaySettings,
  events: TransportEvents,
  now: () => number,
): Transport {
  const socket = openSocket(settings.relayUrl);
  socket.binaryType = "arraybuffer";
  let targetOpen = false;
  let closed = false;
  /** The message of the last command the relay refused, if any. */
  let refusal: string | undefined;
  const encoder = new TextEncoder();
  const command = (message: RelayCommand) => socket.send(JSON.stringify(message));

  socket.onopen = () => command({ type: "connect", url, protocols, ...settings.connect });
  socket.onmessage = (event: MessageEvent) => {
    if (event.data instanceof ArrayBuffer) {
      const frame = decodeIncoming(event.data);
      if (!frame) return;
      const payload = frame.payload.slice().buffer;
      events.message(
        frame.time,
        frame.kind === DataKind.Text ? new TextDecoder().decode(payload) : payload,
        frame.wire,
      );
      return;
    }
    // Events are small (a handshake with a 64 KiB body at most); the cap is only a backstop.
    const json = parseJson(String(event.data), { maxLength: RELAY_EVENT_MAX_CHARS });
    if (!json.ok || !isEvent(json.value)) {
      events.error(now(), "The relay sent a message SocketScope cannot read");
      return;
    }
    handle(json.value);
  };
  socket.onerror = () => {
    if (!closed) events.error(now(), `Could not reach the relay at ${settings.relayUrl}`);
  };
  socket.onclose = (event: CloseEvent) => {
    if (closed) return;
    closed = true;
    // The relay reports the target's close itself; this is the relay connection ending first.
    // After refusing a command the relay closes with that message as the reason: the status
    // already shows the error, so the reason is not repeated.
    const repeated = refusal !== undefined && event.reason === closeReason(refusal);
    const reason = repeated ? "" : event.reason || "The relay connection ended";
    events.close(now(), 1006, reason, false, "relay");
  };

  function handle(event: RelayEvent) {
    switch (event.type) {
      case "open":
        targetOpen = true;
        return events.open(event.time, {
          url,
          protocol: event.protocol,
          extensions: event.extensions,
          handshake: event.handshake,
        });
      case "rejected":
        closed = true;
        events.error(event.time, event.message, {
          handshake: event.handshake,
          ...(event.diagnosis ? { diagnosis: event.diagnosis } : {}),
        });
        return events.close(event.time, 1006, "", false, "relay");
      case "sent":
        return events.sent(event.time, event.wire);
      case "ping":
      case "pong":
        return events.control(
          event.time,
          event.type,
          event.from,
          (decodeBase64(event.data) ?? new Uint8Array()).slice().buffer,
          event.type === "pong" ? event.rtt : undefined,
        );
      case "error":
        // A refused command: the message names the problem (and `field`, the command field).
        if (event.field !== undefined) refusal = event.message;
        return events.error(
          event.time,
          event.message,
          event.diagnosis ? { diagnosis: event.diagnosis } : undefined,
        );
      case "close":
        closed = true;
        return events.close(event.time, event.code, event.reason, true, event.side);
    }
  }

  return {
    via: "relay",
    get isOpen() {
      return targetOpen && !closed && socket.readyState === OPEN;
    },
    send(data) {
      const bytes = typeof data === "string" ? encoder.encode(data) : new Uint8Array(data);
      socket.send(
        encodeOutgoing(typeof data === "string" ? DataKind.Text : DataKind.Binary, bytes),
      );
    },
    ping(data) {
      command({ type: "ping", data: encodeBase64(data) });
    },
    setAutoPong(enabled) {
      command({ type: "auto-pong", enabled });
    },
    close(code, reason) {
      if (targetOpen && !closed)
        command({
          type: "close",
          ...(code !== undefined ? { code } : {}),
          ...(reason ? { reason } : {}),
        });
      else socket.close(1000);
    },
    /** Drops the relay connection without waiting (used when reconnecting elsewhere). */
    abandon() {
      closed = true;
      socket.onopen = socket.onmessage = socket.onerror = socket.onclose = null;
      socket.close(1000);
    },
  };
}

/** Whether a parsed relay message is an event object with a type, as `handle` expects. */
function isEvent(value: unknown): value is RelayEvent {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as { type?: unknown }).type === "string" &&
    typeof (value as { time?: unknown }).time === "number"
  );
}
