import type { HandshakeReport } from "../../../echo-server/protocol/relay-wire.ts";
import type { ProbeAnswer } from "../model/connect/connect-failure.ts";
import { openViaRelay } from "./relay-transport.ts";
import type { TransportEvents } from "./transport.ts";

/** Longest a probe may take, all told; past it the browser's own words stand. */
export const PROBE_TIMEOUT_MS = 5000;
/** The handshake timeout asked of the relay: under the probe's own, so the relay answers first. */
const PROBE_HANDSHAKE_MS = 4000;

/** What a probe found, with the handshake the relay saw when it got that far. */
export interface ProbeResult {
  answer: ProbeAnswer;
  handshake?: HandshakeReport;
}

/** What a probe needs from the engine's host. */
export interface ProbeHost {
  now(): number;
  openRelaySocket(url: string): WebSocket;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

/**
 * Asks the relay to dial `url` with the same subprotocols and the page's Origin, once, to learn
 * what a browser will not say about a direct attempt that failed (the HTTP status of a refused
 * upgrade, a refused port). The relay connection is dropped as soon as there is an answer (an
 * accepted target is closed at once), and after `PROBE_TIMEOUT_MS` at most. Nothing it receives
 * reaches the log: its events go to `done` only. Returns a function that cancels the probe
 * without calling `done`.
 */
export function probeViaRelay(
  host: ProbeHost,
  relay: { relayUrl: string; origin: string },
  url: string,
  protocols: string[],
  done: (result: ProbeResult) => void,
): () => void {
  let settled = false;
  let transport: ReturnType<typeof openViaRelay> | undefined;
  const settle = (result?: ProbeResult) => {
    if (settled) return;
    settled = true;
    host.clearTimer(timer);
    transport?.abandon();
    if (result) done(result);
  };
  const unavailable = () => settle({ answer: { kind: "unavailable" } });
  const timer = host.setTimer(unavailable, PROBE_TIMEOUT_MS);

  const events: TransportEvents = {
    open(_time, info) {
      settle({
        answer: { kind: "accepted", protocol: info.protocol },
        ...(info.handshake ? { handshake: info.handshake } : {}),
      });
    },
    error(_time, message, extra) {
      // Only a dial that reached the target carries a handshake; anything else (no relay, a
      // target the relay may not dial, a command it refused) is no answer.
      const handshake = extra?.handshake;
      if (!handshake) return unavailable();
      const status = handshake.response?.status;
      settle({
        answer: {
          kind: "rejected",
          message,
          ...(status !== undefined ? { status } : {}),
          ...(extra?.diagnosis ? { diagnosis: extra.diagnosis } : {}),
        },
        handshake,
      });
    },
    close: unavailable,
    // The probe's own traffic is not the session's: nothing is logged.
    message() {},
    sent() {},
    control() {},
  };
  try {
    transport = openViaRelay(
      host.openRelaySocket,
      url,
      protocols,
      {
        relayUrl: relay.relayUrl,
        connect: {
          headers: [],
          origin: relay.origin,
          handshakeTimeoutMs: PROBE_HANDSHAKE_MS,
          followRedirects: false,
        },
      },
      events,
      host.now,
    );
    // An answer that came while opening (a socket that fails at once) drops the relay now.
    if (settled) transport.abandon();
  } catch {
    unavailable();
  }
  return () => settle();
}
