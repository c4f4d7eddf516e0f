import { defineHooks, type Peer } from "crossws";
import WebSocket from "ws";
import type { Guard } from "./failure-boundary.ts";
import { CloseCodes, closeReason } from "./protocol/close-codes.ts";
import { parseJson } from "./protocol/json-guard.ts";
import { parseRelayCommand } from "./protocol/relay-command.ts";
import {
  DataKind,
  encodeIncoming,
  type RelayCommand,
  type RelayConnect,
  type RelayEvent,
  type WireSize,
} from "./protocol/relay-wire.ts";
import { type DialOutcome, dialTarget, relayNow as now } from "./relay-dial.ts";
import { type RelayPolicy, refuseRelayTarget } from "./relay-policy.ts";
import { type Send, sendDirect } from "./send.ts";
import type { WireMeter } from "./wire/wire-meter.ts";

/** Bytes queued on one side at which the relay stops reading from the other. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Relay commands are small JSON objects; anything deeper or longer is not one. */
const COMMAND_LIMITS = { maxDepth: 8, maxLength: 256 * 1024 };

interface RelaySession {
  target?: WebSocket;
  /** What the target's frames take on the wire, both ways. */
  meter?: WireMeter;
  /** Abandons a dial in progress. */
  cancelDial?: () => void;
  autoPong: boolean;
  /** Set when the inspector asked to close, so the close is reported as the client's. */
  clientClosing: boolean;
  /** Pings the inspector sent, oldest first, to time their pongs. */
  pings: { data: string; time: number }[];
}

/** What can stop and restart reading: a `ws` socket on either side. */
interface Pausable {
  pause(): void;
  resume(): void;
  readonly isPaused: boolean;
  readonly readyState: number;
}

/**
 * `/relay`: dials a target with the `ws` client on the inspector's behalf, with custom
 * headers, origin and timeouts, reports the handshake as it went on the wire, forwards every
 * frame both ways with its opcode, and shows ping, pong and close frames. Every command is
 * checked against one schema first (`protocol/relay-command.ts`); a bad one gets an `error`
 * event that names the field. See docs/relay.md.
 */
export function createRelay(options: {
  policy: RelayPolicy;
  maxPayload: number;
  send?: Send;
  /** Runs the relay's own callbacks (the target's events) inside the server's failure boundary. */
  guard?: Guard;
}) {
  const send = options.send ?? sendDirect;
  const guard = options.guard ?? unguarded;
  const sessions = new WeakMap<Peer, RelaySession>();
  const report = (peer: Peer, event: RelayEvent) => send(peer, JSON.stringify(event));
  const refuse = (peer: Peer, message: string, field?: string) =>
    report(peer, { type: "error", time: now(), message, ...(field ? { field } : {}) });
  /** A connect that cannot go ahead ends the relay connection: it exists for one target. */
  const fail = (peer: Peer, message: string, field?: string) => {
    refuse(peer, message, field);
    peer.close(CloseCodes.policyViolation, closeReason(message));
  };

  function dial(peer: Peer, session: RelaySession, connect: RelayConnect) {
    const refusal = refuseRelayTarget(connect.url, options.policy);
    if (refusal) return fail(peer, refusal, "url");
    session.autoPong = connect.autoPong ?? true;
    session.cancelDial = dialTarget(
      {
        url: connect.url,
        protocols: connect.protocols,
        headers: connect.headers,
        ...(connect.origin ? { origin: connect.origin } : {}),
        timeoutMs: connect.handshakeTimeoutMs ?? 10_000,
        followRedirects: connect.followRedirects ?? false,
        maxPayload: options.maxPayload,
        policy: options.policy,
      },
      guard("/relay dial", (outcome: DialOutcome) => {
        session.cancelDial = undefined;
        if (outcome.type === "rejected") {
          const { type, handshake, message, diagnosis } = outcome;
          report(peer, {
            type,
            time: now(),
            handshake,
            message,
            ...(diagnosis ? { diagnosis } : {}),
          });
          peer.close(CloseCodes.normal, "Handshake failed");
          return;
        }
        const { target, handshake, meter } = outcome;
        session.target = target;
        session.meter = meter;
        report(peer, {
          type: "open",
          time: now(),
          protocol: target.protocol,
          extensions: target.extensions,
          handshake,
        });
        forward(peer, session, target);
      }),
    );
  }

  /** Wires an open target to the inspector. */
  function forward(peer: Peer, session: RelaySession, target: WebSocket) {
    const on = <A extends unknown[]>(event: string, listener: (...args: A) => void) =>
      target.on(
        event,
        guard(`/relay target ${event}`, listener, () => {
          target.terminate();
          peer.close(CloseCodes.internalError, "Internal error");
        }),
      );
    on("error", (error: Error) => {
      report(peer, { type: "error", time: now(), message: error.message });
    });
    on("message", (data: Buffer, isBinary: boolean) => {
      const wire = session.meter?.received();
      send(peer, encodeIncoming(isBinary ? DataKind.Binary : DataKind.Text, now(), data, wire));
      if (peer.bufferedAmount > HIGH_WATER_BYTES)
        pauseWhile(target, () => peer.bufferedAmount > HIGH_WATER_BYTES / 4);
    });
    on("ping", (data: Buffer) => {
      report(peer, { type: "ping", time: now(), from: "server", data: data.toString("base64") });
      if (session.autoPong && target.readyState === WebSocket.OPEN) {
        target.pong(data);
        report(peer, { type: "pong", time: now(), from: "client", data: data.toString("base64") });
      }
      // A target that pings and never reads would have the relay queue pongs without bound, and
      // the inspector the reports: stop reading its pings until both sides have caught up.
      const backedUp = () =>
        target.bufferedAmount > HIGH_WATER_BYTES / 4 || peer.bufferedAmount > HIGH_WATER_BYTES / 4;
      if (target.bufferedAmount > HIGH_WATER_BYTES || peer.bufferedAmount > HIGH_WATER_BYTES)
        pauseWhile(target, backedUp);
    });
    on("pong", (data: Buffer) => {
      const time = now();
      const encoded = data.toString("base64");
      const index = session.pings.findIndex((ping) => ping.data === encoded);
      const ping = index >= 0 ? session.pings.splice(index, 1)[0] : undefined;
      report(peer, {
        type: "pong",
        time,
        from: "server",
        data: encoded,
        ...(ping ? { rtt: time - ping.time } : {}),
      });
      if (peer.bufferedAmount > HIGH_WATER_BYTES)
        pauseWhile(target, () => peer.bufferedAmount > HIGH_WATER_BYTES / 4);
    });
    on("close", (code: number, reason: Buffer) => {
      const side = session.clientClosing ? "client" : "server";
      report(peer, { type: "close", time: now(), code, reason: reason.toString(), side });
      peer.close(CloseCodes.normal, "Target closed");
    });
  }

  function command(peer: Peer, session: RelaySession, command: RelayCommand) {
    const target = session.target;
    if (command.type === "connect") {
      if (target || session.cancelDial)
        return fail(peer, "One relay connection dials one target", "type");
      return dial(peer, session, command);
    }
    if (!target || target.readyState !== WebSocket.OPEN)
      return refuse(peer, "The target is not connected");
    switch (command.type) {
      case "ping": {
        const data = Buffer.from(command.data, "base64");
        target.ping(data);
        const time = now();
        session.pings.push({ data: data.toString("base64"), time });
        if (session.pings.length > 100) session.pings.shift();
        return report(peer, { type: "ping", time, from: "client", data: command.data });
      }
      case "close":
        session.clientClosing = true;
        return target.close(command.code, command.reason);
      case "auto-pong":
        session.autoPong = command.enabled;
        return;
    }
  }

  function commandFrom(peer: Peer, session: RelaySession, text: string) {
    const json = parseJson(text, COMMAND_LIMITS);
    if (!json.ok) {
      const message = `Relay commands are JSON objects: ${json.message}`;
      return session.target ? refuse(peer, message) : fail(peer, message, "command");
    }
    const checked = parseRelayCommand(json.value);
    if (!checked.ok) {
      const isConnect = (json.value as { type?: unknown } | null)?.type === "connect";
      return isConnect && !session.target
        ? fail(peer, checked.message, checked.field)
        : refuse(peer, checked.message, checked.field);
    }
    return command(peer, session, checked.command);
  }

  return defineHooks({
    open(peer) {
      sessions.set(peer, { autoPong: true, clientClosing: false, pings: [] });
    },
    message(peer, message) {
      const session = sessions.get(peer);
      if (!session) return;
      const raw = message.rawData as string | Buffer;
      if (typeof raw === "string") return commandFrom(peer, session, raw);
      const target = session.target;
      if (!target || target.readyState !== WebSocket.OPEN)
        return refuse(peer, "The target is not connected");
      if (raw.byteLength === 0) return refuse(peer, "A data frame starts with its kind byte");
      // `sent` goes out once the frame is on the target's socket, with what it took there: at
      // once for a frame sent as it is, after compression for a compressed one. Frames go out in
      // order, so the `sent` events stay in the order of the frames.
      const sent = guard("/relay sent", (wire: WireSize | undefined) =>
        report(peer, { type: "sent", time: now(), ...(wire ? { wire } : {}) }),
      );
      if (session.meter) session.meter.whenWritten(sent);
      // The first byte says text or binary, so the target gets the exact opcode.
      target.send(raw.subarray(1), { binary: raw[0] === DataKind.Binary });
      if (!session.meter) sent(undefined);
      // The target reads slower than the inspector writes: stop reading the inspector.
      const inspector = peer.websocket as unknown as Pausable;
      if (target.bufferedAmount > HIGH_WATER_BYTES)
        pauseWhile(inspector, () => target.bufferedAmount > HIGH_WATER_BYTES / 4);
    },
    close(peer) {
      const session = sessions.get(peer);
      session?.cancelDial?.();
      const target = session?.target;
      if (target && target.readyState <= WebSocket.OPEN) target.terminate();
      sessions.delete(peer);
    },
  });
}

const unguarded: Guard =
  (_where, fn) =>
  (...args) => {
    fn(...args);
  };

/**
 * Stops reading from `socket` while `isHigh()` holds, checking every 10 ms: memory stays bounded
 * and nothing is dropped.
 */
function pauseWhile(socket: Pausable, isHigh: () => boolean) {
  if (socket.isPaused) return;
  socket.pause();
  const check = () => {
    if (socket.readyState !== WebSocket.OPEN) return;
    if (isHigh()) setTimeout(check, 10);
    else socket.resume();
  };
  setTimeout(check, 10);
}
