import type { IncomingMessage } from "node:http";
import { defineHooks, type Peer } from "crossws";
import WebSocket from "ws";
import { type RelayPolicy, refuseHeader, refuseRelayTarget } from "./relay-policy.ts";
import {
  DataKind,
  encodeIncoming,
  type HandshakeReport,
  type HeaderList,
  type RelayCommand,
  type RelayConnect,
  type RelayEvent,
  subprotocolDiagnosis,
} from "./relay-protocol.ts";
import { type Send, sendDirect } from "./send.ts";

/** Bytes queued for the inspector at which the relay stops reading from the target. */
const HIGH_WATER_BYTES = 1024 * 1024;
/** Largest rejected-upgrade body the relay reads and reports. */
const MAX_BODY_BYTES = 64 * 1024;
const DEFAULT_HANDSHAKE_TIMEOUT_MS = 10_000;

/** Relay clock: epoch ms with sub-millisecond precision. */
const now = () => performance.timeOrigin + performance.now();

interface RelaySession {
  target?: WebSocket;
  autoPong: boolean;
  /** Set when the inspector asked to close, so the close is reported as the client's. */
  clientClosing: boolean;
  /** Pings the inspector sent, oldest first, to time their pongs. */
  pings: { data: string; time: number }[];
}

/**
 * `/relay`: dials a target with the `ws` client on the inspector's behalf, with custom
 * headers, origin and timeouts, reports the handshake as it went on the wire, forwards every
 * frame both ways with its opcode, and shows ping, pong and close frames. See docs/relay.md.
 */
export function createRelay(options: { policy: RelayPolicy; maxPayload: number; send?: Send }) {
  const send = options.send ?? sendDirect;
  const sessions = new WeakMap<Peer, RelaySession>();
  const report = (peer: Peer, event: RelayEvent) => send(peer, JSON.stringify(event));
  const fail = (peer: Peer, message: string) => {
    report(peer, { type: "error", time: now(), message });
    peer.close(1008, message.slice(0, 120));
  };

  function dial(peer: Peer, session: RelaySession, connect: RelayConnect) {
    const refusal = refuseRelayTarget(connect.url, options.policy);
    if (refusal) return fail(peer, refusal);
    for (const [name, value] of connect.headers) {
      const problem = refuseHeader(name, value);
      if (problem) return fail(peer, problem);
    }
    const timeout = Math.min(
      options.policy.maxHandshakeTimeoutMs,
      connect.handshakeTimeoutMs ?? DEFAULT_HANDSHAKE_TIMEOUT_MS,
    );
    const startedAt = now();
    const target = new WebSocket(connect.url, connect.protocols, {
      headers: Object.fromEntries(connect.headers),
      ...(connect.origin ? { origin: connect.origin } : {}),
      handshakeTimeout: timeout,
      followRedirects: connect.followRedirects ?? false,
      maxRedirects: 3,
      maxPayload: options.maxPayload,
      // The relay answers pings itself, so the inspector sees each pong (or its absence).
      autoPong: false,
    });
    target.binaryType = "nodebuffer";
    // ws drops its request once the upgrade is done: read what went out now.
    const request = requestOf(target, connect.url);
    session.target = target;
    session.autoPong = connect.autoPong ?? true;
    let response: HandshakeReport["response"];
    let opened = false;
    let settled = false;
    const reject = (message: string, diagnosis?: string) => {
      if (settled) return;
      settled = true;
      report(peer, {
        type: "rejected",
        time: now(),
        handshake: handshake(),
        message,
        ...(diagnosis ? { diagnosis } : {}),
      });
      peer.close(1000, "Handshake failed");
    };
    const handshake = (): HandshakeReport => ({
      request,
      ...(response ? { response } : {}),
      startedAt,
      durationMs: now() - startedAt,
    });

    target.on("redirect", (url: string) => {
      const problem = refuseRelayTarget(url, options.policy);
      if (problem) {
        report(peer, { type: "error", time: now(), message: `Redirect refused: ${problem}` });
        target.terminate();
      }
    });
    target.on("upgrade", (res: IncomingMessage) => {
      response = {
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? "",
        headers: headerList(res.rawHeaders),
      };
    });
    target.on("unexpected-response", (req, res: IncomingMessage) => {
      readBody(res).then((body) => {
        response = {
          status: res.statusCode ?? 0,
          statusText: res.statusMessage ?? "",
          headers: headerList(res.rawHeaders),
          body,
        };
        reject(
          `The server refused the upgrade: ${res.statusCode} ${res.statusMessage ?? ""}`.trim(),
        );
        req.destroy();
      });
    });
    target.on("open", () => {
      opened = true;
      settled = true;
      report(peer, {
        type: "open",
        time: now(),
        protocol: target.protocol,
        extensions: target.extensions,
        handshake: handshake(),
      });
    });
    target.on("error", (error: Error) => {
      if (!opened) {
        const noSubprotocol = /no subprotocol/i.test(error.message) && connect.protocols.length > 0;
        reject(error.message, noSubprotocol ? subprotocolDiagnosis(connect.protocols) : undefined);
        return;
      }
      report(peer, { type: "error", time: now(), message: error.message });
    });
    target.on("message", (data: Buffer, isBinary: boolean) => {
      send(peer, encodeIncoming(isBinary ? DataKind.Binary : DataKind.Text, now(), data));
      if (peer.bufferedAmount > HIGH_WATER_BYTES) pauseUntilDrained(peer, target);
    });
    target.on("ping", (data: Buffer) => {
      report(peer, { type: "ping", time: now(), from: "server", data: data.toString("base64") });
      if (session.autoPong && target.readyState === WebSocket.OPEN) {
        target.pong(data);
        report(peer, { type: "pong", time: now(), from: "client", data: data.toString("base64") });
      }
    });
    target.on("pong", (data: Buffer) => {
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
    });
    target.on("close", (code: number, reason: Buffer) => {
      if (!opened) return reject(`The connection closed during the handshake (${code})`);
      const side = session.clientClosing ? "client" : "server";
      report(peer, { type: "close", time: now(), code, reason: reason.toString(), side });
      peer.close(1000, "Target closed");
    });
  }

  function command(peer: Peer, session: RelaySession, command: RelayCommand) {
    const target = session.target;
    if (command.type === "connect") {
      if (target) return fail(peer, "One relay connection dials one target");
      return dial(peer, session, command);
    }
    if (!target || target.readyState !== WebSocket.OPEN) {
      return report(peer, { type: "error", time: now(), message: "The target is not connected" });
    }
    try {
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
    } catch (error) {
      report(peer, { type: "error", time: now(), message: (error as Error).message });
    }
  }

  return defineHooks({
    open(peer) {
      sessions.set(peer, { autoPong: true, clientClosing: false, pings: [] });
    },
    message(peer, message) {
      const session = sessions.get(peer);
      if (!session) return;
      const raw = message.rawData;
      if (typeof raw === "string") {
        let parsed: RelayCommand;
        try {
          parsed = JSON.parse(raw);
        } catch {
          return report(peer, { type: "error", time: now(), message: "Relay commands are JSON" });
        }
        return command(peer, session, parsed);
      }
      const bytes = raw as Buffer;
      const target = session.target;
      if (!target || target.readyState !== WebSocket.OPEN) {
        return report(peer, { type: "error", time: now(), message: "The target is not connected" });
      }
      // The first byte says text or binary, so the target gets the exact opcode.
      target.send(bytes.subarray(1), { binary: bytes[0] === DataKind.Binary });
      report(peer, { type: "sent", time: now() });
    },
    close(peer) {
      const target = sessions.get(peer)?.target;
      if (target && target.readyState <= WebSocket.OPEN) target.terminate();
      sessions.delete(peer);
    },
  });
}

/** The upgrade request as it went out: method, URL and headers (ws's request). */
function requestOf(target: WebSocket, url: string): HandshakeReport["request"] {
  const request = (
    target as unknown as { _req?: { method: string; getHeaders(): Record<string, unknown> } }
  )._req;
  const headers: HeaderList = Object.entries(request?.getHeaders() ?? {}).map(([name, value]) => [
    name,
    String(value),
  ]);
  return { method: request?.method ?? "GET", url, headers };
}

function headerList(raw: string[]): HeaderList {
  const list: HeaderList = [];
  for (let i = 0; i + 1 < raw.length; i += 2) list.push([raw[i] ?? "", raw[i + 1] ?? ""]);
  return list;
}

function readBody(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on("data", (chunk: Buffer) => {
      if (size < MAX_BODY_BYTES) chunks.push(chunk.subarray(0, MAX_BODY_BYTES - size));
      size += chunk.length;
    });
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("error", () => resolve(Buffer.concat(chunks).toString("utf8")));
  });
}

/** Stops reading from the target until the inspector has caught up: bounded memory, no drops. */
function pauseUntilDrained(peer: Peer, target: WebSocket) {
  if (target.isPaused) return;
  target.pause();
  const check = () => {
    if (target.readyState !== WebSocket.OPEN) return;
    if (peer.bufferedAmount < HIGH_WATER_BYTES / 4) target.resume();
    else setTimeout(check, 10);
  };
  setTimeout(check, 10);
}
