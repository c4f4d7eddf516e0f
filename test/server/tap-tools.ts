import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import WebSocket, { WebSocketServer } from "ws";
import {
  decodeMirroredFrames,
  type MirroredFrame,
  type TapCommand,
  type TapEvent,
} from "../../echo-server/protocol/tap-wire.ts";
import type { WireSize } from "../../echo-server/protocol/wire-size.ts";

/** What the target saw of one connection. */
export interface TargetSeen {
  headers: IncomingMessage["headers"];
  url: string;
  protocol: string;
  messages: { data: string; binary: boolean }[];
  pings: string[];
  close?: { code: number; reason: string };
  socket: WebSocket;
}

/**
 * A plain `ws` target for tap tests: it selects "b" when offered, echoes every frame with its
 * opcode, pings on "ping-me", closes with 4002 on "close-me", refuses `/secret` with 401, and
 * records what it saw.
 */
export async function startTapTarget() {
  const seen: TargetSeen[] = [];
  const server = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    autoPong: true,
    handleProtocols: (protocols: Set<string>) => (protocols.has("b") ? "b" : false),
    verifyClient: (
      info: { req: IncomingMessage },
      done: (ok: boolean, code?: number, message?: string) => void,
    ) => (info.req.url?.startsWith("/secret") ? done(false, 401, "Unauthorized") : done(true)),
  });
  server.on("connection", (socket, request) => {
    const entry: TargetSeen = {
      headers: request.headers,
      url: request.url ?? "",
      protocol: socket.protocol,
      messages: [],
      pings: [],
      socket,
    };
    seen.push(entry);
    socket.on("ping", (data) => entry.pings.push(data.toString()));
    socket.on("close", (code, reason) => {
      entry.close = { code, reason: reason.toString() };
    });
    socket.on("message", (data: Buffer, isBinary) => {
      const text = data.toString();
      entry.messages.push({ data: isBinary ? data.toString("hex") : text, binary: isBinary });
      if (!isBinary && text === "close-me") socket.close(4002, "as asked");
      else if (!isBinary && text === "ping-me") socket.ping(Buffer.from("from-target"));
      else socket.send(data, { binary: isBinary });
    });
  });
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}

/** A mirrored frame as tests compare it. */
export interface Mirrored {
  direction: MirroredFrame["direction"];
  clientId: number;
  text: string;
  binary: boolean;
  injected: boolean;
  changed: boolean;
  dropped: boolean;
  /** What it took on the wire between the tap and the target, when measured. */
  wire?: WireSize;
}

/** An inspector tab watching a tap: collects its events and mirrored frames. */
export async function watchTap(baseUrl: string, name: string, origin = baseUrl) {
  const ws = new WebSocket(`${baseUrl.replace("http", "ws")}/tap-watch/${name}`, { origin });
  const events: TapEvent[] = [];
  const frames: Mirrored[] = [];
  /** Binary watch messages received (each carries one or more frames). */
  const counts = { messages: 0 };
  ws.on("message", (raw: Buffer, isBinary: boolean) => {
    if (!isBinary) return events.push(JSON.parse(raw.toString()));
    counts.messages++;
    const decoded = decodeMirroredFrames(
      raw.buffer.slice(raw.byteOffset, raw.byteOffset + raw.byteLength) as ArrayBuffer,
    );
    if (decoded === null) throw new Error("A binary watch message that is not mirrored frames");
    for (const frame of decoded)
      frames.push({
        direction: frame.direction,
        clientId: frame.clientId,
        text: frame.binary
          ? Buffer.from(frame.payload).toString("hex")
          : Buffer.from(frame.payload).toString(),
        binary: frame.binary,
        injected: frame.injected,
        changed: frame.changed,
        dropped: frame.dropped,
        ...(frame.wire ? { wire: frame.wire } : {}),
      });
  });
  await new Promise((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  const until = async <T>(find: () => T | undefined, timeoutMs = 3000): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = find();
      if (found !== undefined && found !== false) return found;
      if (Date.now() > deadline)
        throw new Error(
          `timed out; events: ${JSON.stringify(events).slice(0, 2000)}; frames: ${JSON.stringify(frames).slice(0, 2000)}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  };
  const event = <K extends TapEvent["type"]>(
    type: K,
    where: (e: Extract<TapEvent, { type: K }>) => boolean = () => true,
  ) =>
    until(() =>
      events.find((e): e is Extract<TapEvent, { type: K }> => e.type === type && where(e as never)),
    );
  return {
    ws,
    events,
    frames,
    counts,
    until,
    event,
    command: (command: TapCommand) => ws.send(JSON.stringify(command)),
  };
}
