import type { IncomingMessage } from "node:http";
import type { Hooks } from "crossws";
import type { Guard } from "../failure-boundary.ts";
import type { ParameterSpec } from "../query.ts";
import { createRelay } from "../relay.ts";
import { type RelayPolicy, refuseRelayClient } from "../relay-policy.ts";
import type { RoomsBackplane } from "../rooms/backplane.ts";
import type { RegistryLimits } from "../rooms/registry.ts";
import type { Send } from "../send.ts";
import type { TapRegistry } from "../taps/registry.ts";
import { createTapEndpoint, refuseTapClient, type TapAccess } from "../taps/tap-endpoint.ts";
import { createTapWatchEndpoint, refuseTapWatcher } from "../taps/watch-endpoint.ts";
import { authParameters, createAuth } from "./auth.ts";
import { broadcastParameters, createBroadcast } from "./broadcast.ts";
import { closeParameters, createClose } from "./close.ts";
import { createEcho, type EchoLimits, echoParameters } from "./echo.ts";
import { createFirehose, firehoseParameters } from "./firehose.ts";
import { FIREHOSE_PROTO } from "./firehose-schema.ts";
import { createGraphql, graphqlParameters } from "./graphql.ts";
import { createJsonRpc, jsonrpcParameters } from "./jsonrpc.ts";
import { createRooms, type RoomsEndpoint, roomsParameters } from "./rooms.ts";
import {
  createSocketIo,
  type RawEndpoint,
  type SocketIoPing,
  socketIoParameters,
} from "./socketio.ts";
import { createTicker, tickerParameters } from "./ticker.ts";

/** A playground endpoint: where it lives, what it does, and the crossws hooks that do it. */
export interface Endpoint {
  /** Path pattern; `:name` matches one path segment. */
  path: string;
  description: string;
  parameters: ParameterSpec[];
  hooks: Partial<Hooks>;
  /** Not a playground for users to open, e.g. the relay; menus leave it out. */
  internal?: boolean;
  /** Why an upgrade is refused before it reaches the hooks (answered with 403), if ever. */
  refuse?: (request: IncomingMessage) => string | undefined;
  /**
   * A transparent proxy (taps): no rate limit, no automatic pongs or idle pings of the server's
   * own (control frames pass through as they are), and the hooks choose the subprotocol.
   */
  transparent?: boolean;
  /** Not crossws hooks but an engine of its own (Socket.IO), reached by path prefix. */
  raw?: RawEndpoint;
  /** Schemas of its messages the server serves (`/api/schemas/firehose.proto`). */
  schemas?: string[];
}

/** What the endpoints share with the server. */
export interface EndpointOptions {
  /** How messages reach peers (the server passes its slow-consumer guard). */
  send?: Send;
  /** Token `/auth` accepts. */
  authToken?: string;
  /** Largest message; bounds `/firehose?size` and the relay's frames. */
  maxPayload?: number;
  /** What the relay may do. @default off */
  relay?: RelayPolicy;
  /** Runs callbacks that are not hooks (the relay's target events) inside the failure boundary. */
  guard?: Guard;
  /** Bounds of what `/echo?delay` holds, and what to do when a peer goes over. */
  echo?: { limits: EchoLimits; onOverflow(): void };
  /** The named taps, and who may connect through them; no taps without it. */
  taps?: { registry: TapRegistry; access: TapAccess };
  /** Bounds of the rooms: how many, and how much history. */
  rooms?: Partial<RegistryLimits>;
  /** Rooms and /broadcast across processes (Redis); one process without it. */
  backplane?: RoomsBackplane;
  /** Socket.IO's heartbeat. @default 25 s ping interval, 20 s timeout */
  socketIoPing?: SocketIoPing;
}

/** Every endpoint of the bundled server, in the order the banner lists them. */
export function createEndpoints(options: EndpointOptions = {}): {
  endpoints: Endpoint[];
  rooms: RoomsEndpoint;
} {
  const { send } = options;
  const relay = options.relay ?? { enabled: false, allow: [] };
  const { backplane } = options;
  const rooms = createRooms({
    send,
    ...(options.guard ? { guard: options.guard } : {}),
    ...(options.rooms ? { limits: options.rooms } : {}),
    ...(backplane ? { backplane } : {}),
  });
  const endpoints: Endpoint[] = [
    {
      path: "/echo",
      description:
        "echoes every message verbatim; inject latency and loss with delay, jitter, drop",
      parameters: echoParameters,
      hooks: createEcho({
        send,
        ...(options.echo
          ? { limits: options.echo.limits, onOverflow: options.echo.onOverflow }
          : {}),
      }),
    },
    {
      path: "/broadcast",
      description: "every message goes to every other peer (self=1 includes the sender)",
      parameters: broadcastParameters,
      hooks: createBroadcast({ send, ...(backplane ? { backplane } : {}) }),
    },
    {
      path: "/rooms/:room",
      description:
        "rooms with a JSON protocol: join, leave, publish, dm, nick; text ping answers pong",
      parameters: roomsParameters,
      hooks: rooms.hooks,
    },
    {
      path: "/ticker",
      description: 'server push of {"type":"tick","seq":n,"ts":ms} every interval ms, count times',
      parameters: tickerParameters,
      hooks: createTicker({ send }),
    },
    {
      path: "/firehose",
      description:
        "a paced stream for load: rate msg/s, count, size bytes, binary, format=protobuf; then closes 1000",
      parameters: firehoseParameters,
      hooks: createFirehose({ send, maxSize: options.maxPayload }),
      schemas: [`/api/schemas/${FIREHOSE_PROTO.name}`],
    },
    {
      path: "/close",
      description: "closes with code and reason after ms (test close handling)",
      parameters: closeParameters,
      hooks: createClose(),
    },
    {
      path: "/auth",
      description: "needs ?token= or a Bearer header; a bad token gets 401, a good one an echo",
      parameters: authParameters,
      hooks: createAuth({ token: options.authToken, send }),
    },
    {
      path: "/socket.io/",
      description:
        "a Socket.IO 4 server: echo, join, leave, say and rooms events with acks; /secure needs auth",
      parameters: socketIoParameters,
      hooks: {},
      raw: createSocketIo({
        maxPayload: options.maxPayload ?? 1024 * 1024,
        guard: options.guard ?? unguarded,
        ...(options.socketIoPing ? { ping: options.socketIoPing } : {}),
      }),
    },
    {
      path: "/graphql",
      description:
        "GraphQL over WebSocket (graphql-transport-ws): hello, an echo mutation, a tick subscription",
      parameters: graphqlParameters,
      hooks: createGraphql(),
    },
    {
      path: "/jsonrpc",
      description:
        "JSON-RPC 2.0: echo, add, sleep (replies out of order) and fail; batches and notifications",
      parameters: jsonrpcParameters,
      hooks: createJsonRpc({ send }),
    },
    {
      path: "/relay",
      description: "the inspector's relay: custom headers and control frames (Via relay switch)",
      parameters: [],
      internal: true,
      hooks: createRelay({
        policy: relay,
        maxPayload: options.maxPayload ?? 1024 * 1024,
        send,
        ...(options.guard ? { guard: options.guard } : {}),
      }),
      refuse: (request) => refuseRelayClient(request, relay),
    },
  ];
  if (options.taps) {
    const { registry, access } = options.taps;
    const maxPayload = options.maxPayload ?? 1024 * 1024;
    endpoints.push(
      {
        path: "/tap/:name",
        description:
          "a named tap: point your app here and SocketScope passes its traffic to the target",
        parameters: [{ name: "name", description: "the tap's name" }],
        internal: true,
        transparent: true,
        hooks: createTapEndpoint({
          registry,
          relay,
          maxPayload,
          guard:
            options.guard ??
            ((_where, fn) =>
              (...args) =>
                void fn(...args)),
        }),
        refuse: (request) => refuseTapClient(request, access),
      },
      {
        path: "/tap-watch/:name",
        description: "the inspector's mirror of a tap: its clients, frames, rules and breakpoints",
        parameters: [],
        internal: true,
        hooks: createTapWatchEndpoint({ registry, maxPayload }),
        refuse: refuseTapWatcher,
      },
    );
  }
  return { endpoints, rooms };
}

/** For endpoints mounted without a failure boundary (their own callbacks run as they are). */
const unguarded: Guard =
  (_where, fn) =>
  (...args) =>
    void fn(...args);

/** Whether `pathname` matches a pattern such as `/rooms/:room`. */
export function matchesPath(pattern: string, pathname: string): boolean {
  const want = pattern.split("/");
  const have = pathname.split("/");
  if (want.length !== have.length) return false;
  return want.every((segment, i) =>
    segment.startsWith(":") ? have[i] !== "" : segment === have[i],
  );
}
