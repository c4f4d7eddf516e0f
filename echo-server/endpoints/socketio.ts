import type { IncomingMessage, ServerResponse } from "node:http";
import type { Duplex } from "node:stream";
import type { Server as EngineServer } from "engine.io";
import type { Server, Socket } from "socket.io";
import type { Guard } from "../failure-boundary.ts";
import type { ParameterSpec } from "../query.ts";

/** The path Socket.IO clients use by default. */
export const SOCKET_IO_PATH = "/socket.io/";
/** The token the `/secure` namespace wants in its auth payload. */
export const SOCKET_IO_TOKEN = "letmein";

/** Socket.IO's heartbeat: a ping every `intervalMs`, and a client that has not answered within `timeoutMs` is dropped. */
export interface SocketIoPing {
  intervalMs: number;
  timeoutMs: number;
}

/** Socket.IO's own defaults. */
export const defaultSocketIoPing: SocketIoPing = { intervalMs: 25_000, timeoutMs: 20_000 };

/** What the endpoint list says about it. */
export const socketIoParameters: ParameterSpec[] = [
  { name: "namespace", description: '/ (echo, rooms) or /secure (needs auth {token: "letmein"})' },
];

/** A playground endpoint that is not a crossws hooks object: Socket.IO brings its own engine. */
export interface RawEndpoint {
  /** Every request and upgrade whose path starts with this goes here. */
  prefix: string;
  handleRequest(request: IncomingMessage, response: ServerResponse): void;
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Connections it holds. */
  connections(): number;
  close(): Promise<void>;
}

/**
 * `/socket.io/`: a Socket.IO 4 server (the official one) to try the protocol on.
 * - Namespace `/`: `echo` emits the arguments back (and acks with them when asked), `join` and
 *   `leave` a room, `say` sends `message` to a room, `rooms` acks with the socket's rooms.
 *   Binary arguments stay binary.
 * - Namespace `/secure`: the handshake's auth payload must be `{token: "letmein"}`.
 * It loads when the path is first used, so the server starts as fast without it.
 */
export function createSocketIo(options: {
  maxPayload: number;
  guard: Guard;
  /** @default Socket.IO's 25 s and 20 s */
  ping?: SocketIoPing;
}): RawEndpoint {
  const ping = options.ping ?? defaultSocketIoPing;
  let loading: Promise<{ io: Server; engine: EngineServer }> | undefined;
  let loaded: { io: Server; engine: EngineServer } | undefined;

  const load = () => {
    loading ??= (async () => {
      const [{ Server }, engine] = await Promise.all([import("socket.io"), import("engine.io")]);
      const io = new Server({
        path: SOCKET_IO_PATH,
        serveClient: false,
        maxHttpBufferSize: options.maxPayload,
      });
      // The engine keeps the heartbeat, so its options carry the ping interval and timeout.
      const server = new engine.Server({
        maxHttpBufferSize: options.maxPayload,
        pingInterval: ping.intervalMs,
        pingTimeout: ping.timeoutMs,
      });
      io.bind(server);
      playground(io, options.guard);
      loaded = { io, engine: server };
      return loaded;
    })();
    return loading;
  };

  return {
    prefix: SOCKET_IO_PATH,
    handleRequest(request, response) {
      load().then(
        ({ engine }) => engine.handleRequest(request, response),
        (error: unknown) => {
          response.statusCode = 500;
          response.end(`Socket.IO could not start: ${(error as Error).message}`);
        },
      );
    },
    handleUpgrade(request, socket, head) {
      load().then(
        ({ engine }) => engine.handleUpgrade(request, socket, head),
        () => socket.destroy(),
      );
    },
    connections: () => loaded?.engine.clientsCount ?? 0,
    async close() {
      if (!loaded) return;
      await new Promise<void>((resolve) => loaded?.io.close(() => resolve()));
    },
  };
}

/** The playground's events, each handler inside the failure boundary. */
function playground(io: Server, guard: Guard) {
  const on = (socket: Socket, event: string, handler: (...args: unknown[]) => void) =>
    socket.on(
      event,
      guard(`/socket.io/ ${event}`, handler, () => socket.disconnect(true)),
    );
  const ackOf = (args: unknown[]) =>
    typeof args[args.length - 1] === "function"
      ? (args.pop() as (...reply: unknown[]) => void)
      : undefined;

  // `echo` emits the arguments back, or acks with them when the client asked for an ack.
  const echo = (socket: Socket) =>
    on(socket, "echo", (...args) => {
      const ack = ackOf(args);
      if (ack) ack(...args);
      else socket.emit("echo", ...args);
    });

  io.of("/").on("connection", (socket) => {
    echo(socket);
    on(socket, "join", (...args) => {
      const ack = ackOf(args);
      const room = args[0];
      if (typeof room !== "string" || !/^[\w.-]{1,64}$/.test(room))
        return ack?.({ error: "A room is 1–64 characters of A–Z a–z 0–9 _ . -" });
      socket.join(room);
      socket.to(room).emit("joined", { room, id: socket.id });
      ack?.({ room, members: io.of("/").adapter.rooms.get(room)?.size ?? 0 });
    });
    on(socket, "leave", (...args) => {
      const ack = ackOf(args);
      if (typeof args[0] === "string") socket.leave(args[0]);
      ack?.({ left: args[0] });
    });
    on(socket, "say", (...args) => {
      const ack = ackOf(args);
      const [room, ...data] = args;
      if (typeof room !== "string" || !socket.rooms.has(room))
        return ack?.({ error: "Join the room first" });
      io.of("/")
        .to(room)
        .emit("message", { room, from: socket.id }, ...data);
      ack?.({ delivered: io.of("/").adapter.rooms.get(room)?.size ?? 0 });
    });
    on(socket, "rooms", (...args) => {
      ackOf(args)?.([...socket.rooms].filter((room) => room !== socket.id));
    });
  });

  const secure = io.of("/secure");
  secure.use((socket, next) => {
    const token = (socket.handshake.auth as { token?: unknown } | undefined)?.token;
    if (token === SOCKET_IO_TOKEN) next();
    else
      next(
        new Error(
          token === undefined
            ? 'Missing token: connect with auth {token: "letmein"}'
            : "Invalid token",
        ),
      );
  });
  secure.on("connection", (socket) => {
    socket.emit("welcome", { namespace: "/secure", id: socket.id });
    echo(socket);
  });
}
