import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Guard } from "../failure-boundary.ts";
import { parseJson } from "../protocol/json-guard.ts";
import {
  type BackplaneEvent,
  type BackplaneStatus,
  MAX_EVENT_BYTES,
  type RoomsBackplane,
} from "./backplane.ts";
import {
  defaultPresenceLimits,
  listPeer,
  type PeerInfo,
  type PresenceChanges,
} from "./presence.ts";

/** How the Redis backplane keeps presence and history. */
export interface RedisBackplaneOptions {
  /** Key and channel prefix, so several deployments can share one Redis. @default "socketscope:" */
  prefix?: string;
  /** A member whose process stops heartbeating is gone after this long. @default 15000 */
  presenceTtlMs?: number;
  /** How often a process renews its members and sweeps the ones that expired. @default 5000 */
  heartbeatMs?: number;
  /** Messages of history kept per room. @default 50 */
  historyLength?: number;
  /** A message larger than this is not kept in history. @default 64 KiB */
  maxHistoryMessageBytes?: number;
  /**
   * A joiner's welcome waits this long for Redis (its subscription, history and members), then
   * makes do with this process's own. A Redis that hangs (stopped, swapping) keeps its
   * connections open, so without a bound the welcome would wait on it forever. @default 2000
   */
  commandTimeoutMs?: number;
  /**
   * Bytes of writes (publishes, history) that may wait for Redis's answer. A Redis that stops
   * answering without closing its connections would otherwise let them pile up in memory; past
   * this, the link counts as down (members are told, writes are counted as lost) until half of
   * them are answered. @default 64 MiB
   */
  maxPendingBytes?: number;
  log?: (line: string) => void;
}

/** History is kept this long after the room's last message. */
const HISTORY_TTL_SECONDS = 7 * 24 * 3600;
/** Members one ZADD or ZREM of the heartbeat carries, so that no command grows without bound. */
const MEMBERS_PER_COMMAND = 1000;

/**
 * Rooms across processes over Redis pub/sub, as the Socket.IO Redis adapter and Centrifugo do:
 * one channel per room (plus one per process for direct messages, and one for /broadcast),
 * presence in a sorted set per room scored by expiry and renewed by heartbeats (the members
 * of a process that crashed expire within the TTL, and whichever process sweeps them first
 * announces that they left), and history in a capped list per room.
 *
 * While Redis is unreachable, commands fail at once instead of queueing (`enableOfflineQueue:
 * false`), so memory stays bounded; what could not reach the other processes is counted, and
 * ioredis reconnects with backoff and resubscribes.
 */
export async function createRedisBackplane(
  url: string,
  options: RedisBackplaneOptions = {},
): Promise<RoomsBackplane> {
  const prefix = options.prefix ?? "socketscope:";
  const ttl = options.presenceTtlMs ?? 15_000;
  const heartbeatMs = options.heartbeatMs ?? 5000;
  const historyLength = options.historyLength ?? 50;
  const maxHistoryBytes = options.maxHistoryMessageBytes ?? 64 * 1024;
  const commandTimeoutMs = options.commandTimeoutMs ?? 2000;
  const maxPendingBytes = options.maxPendingBytes ?? 64 * 1024 * 1024;
  // The server hands over its failure boundary once it has one (setGuard).
  let guard: Guard =
    (_where, fn) =>
    (...args) =>
      void fn(...args);
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const instanceId = randomBytes(4).toString("hex");

  const connection = () => {
    const client = new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      retryStrategy: (times) => Math.min(200 * 2 ** Math.min(times, 5), 5000),
      lazyConnect: true,
    });
    // Connection errors are expected while Redis is away, from the first attempt on: they show
    // up as status, not crashes (nor as ioredis's "Unhandled error event" on stderr).
    client.on("error", () => {});
    return client;
  };
  const pub = connection();
  const sub = connection();
  /**
   * `promise`, or `fallback` once `commandTimeoutMs` has passed. Only what a welcome waits on is
   * bounded so: a write that answers late still happened (on a busy machine, late is common),
   * and counting it as lost would be wrong.
   */
  const bounded = <T>(promise: Promise<T>, fallback: T): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<T>((resolve) => {
      timer = setTimeout(() => resolve(fallback), commandTimeoutMs).unref();
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
  };
  // Unreachable at start is an outage like any other: the server serves its own members and
  // ioredis keeps trying.
  const started = await Promise.all([pub.connect(), sub.connect()]).then(
    () => true,
    () => false,
  );

  const roomChannel = (room: string) => `${prefix}room:${room}`;
  const dmChannel = (instance: string) => `${prefix}dm:${instance}`;
  const broadcastChannel = `${prefix}broadcast`;
  const membersKey = (room: string) => `${prefix}members:${room}`;
  const historyKey = (room: string) => `${prefix}history:${room}`;

  const handlers: ((event: BackplaneEvent) => void)[] = [];
  const statusHandlers: ((status: BackplaneStatus) => void)[] = [];
  const status: BackplaneStatus = {
    connected: true,
    since: Date.now(),
    lostWhileDown: 0,
    historyLost: 0,
    tooLargeToCross: 0,
  };
  /** Local members per room, renewed by the heartbeat. */
  const local = new Map<string, Map<string, PeerInfo>>();

  const setConnected = (connected: boolean, why = "") => {
    if (status.connected === connected) return;
    status.connected = connected;
    status.since = Date.now();
    log(
      `socketscope: the Redis backplane is ${connected ? "back" : "down"} (${redacted(url)})${why}`,
    );
    for (const handler of statusHandlers) handler({ ...status });
    if (connected) {
      status.lostWhileDown = 0;
      status.historyLost = 0;
      renew();
    }
  };
  /** Bytes of writes sent and not yet answered; past `maxPendingBytes`, Redis is congested. */
  let pendingBytes = 0;
  let congested = false;
  const both = () => pub.status === "ready" && sub.status === "ready" && !congested;
  for (const client of [pub, sub]) {
    client.on("ready", () => setConnected(both()));
    client.on("close", () => setConnected(false));
  }
  if (!started) setConnected(false);

  const emit = (event: BackplaneEvent) => {
    for (const handler of handlers) handler(event);
  };
  /** The channel an event is published on: a room's own, a process's dm channel, or broadcast. */
  const channelOf = (event: BackplaneEvent) =>
    event.kind === "dm"
      ? dmChannel(event.to.split("-")[0] ?? "")
      : event.kind === "broadcast"
        ? broadcastChannel
        : roomChannel(event.room);
  /** This process's history reads' marks (their exact text) waiting to arrive, and what they call. */
  const marks = new Map<string, () => void>();
  sub.on("message", (channel: string, message: string) =>
    guard("redis backplane message", () => {
      const mark = marks.get(message);
      if (mark) return mark();
      const event = readEvent(message, instanceId);
      // An event counts only on the channel it would have been sent on: a room's message
      // injected on another room's channel (or a dm for another process) is dropped.
      if (event && channelOf(event) === channel) emit(event);
    })(),
  );
  sub.subscribe(dmChannel(instanceId), broadcastChannel).catch(() => setConnected(false));

  /** Runs a command; a failure while the link is down is counted, not thrown. */
  const attempt = (command: () => Promise<unknown>, onLost: () => void, bytes = 0) => {
    if (!both()) return onLost();
    if (pendingBytes + bytes > maxPendingBytes) {
      congested = true;
      setConnected(false, `: ${Math.round(pendingBytes / 1024)} KiB of writes wait for an answer`);
      return onLost();
    }
    pendingBytes += bytes;
    const settle = () => {
      pendingBytes -= bytes;
      if (congested && pendingBytes <= maxPendingBytes / 2) {
        congested = false;
        setConnected(both());
      }
    };
    command().then(settle, () => {
      settle();
      onLost();
    });
  };

  function renew() {
    const expiry = Date.now() + ttl;
    const batch = pub.pipeline();
    // One ZADD per room (per chunk of members), not one per member: for 2,500 members, about
    // 1.5 ms of this process's CPU per heartbeat instead of about 12 ms, during which the
    // members' messages wait.
    for (const [room, members] of local)
      for (const chunk of chunks([...members.values()], MEMBERS_PER_COMMAND))
        batch.zadd(membersKey(room), ...chunk.flatMap((member) => [expiry, memberKey(member)]));
    if (batch.length > 0) batch.exec().catch(() => {});
  }

  /** Members whose process stopped heartbeating leave, announced by whoever removes them. */
  async function sweep() {
    if (!both()) return;
    const now = Date.now();
    for (const room of local.keys()) {
      const expired = await pub.zrangebyscore(membersKey(room), "-inf", now).catch(() => []);
      // A crashed process may have had thousands of members: list a few, count the rest.
      const changes: PresenceChanges = { joined: [], left: [] };
      for (const key of expired) {
        if ((await pub.zrem(membersKey(room), key).catch(() => 0)) === 1) {
          const member = readMember(key);
          if (member) listPeer(changes, "left", member, defaultPresenceLimits.maxListed);
        }
      }
      if (changes.left.length === 0) continue;
      const n = await pub.zcount(membersKey(room), now, "+inf").catch(() => 0);
      const event: BackplaneEvent = { kind: "presence", room, changes, n };
      emit(event);
      publish(event);
    }
  }
  const heartbeat = setInterval(
    () =>
      guard("redis backplane heartbeat", () => {
        renew();
        return sweep();
      })(),
    heartbeatMs,
  );
  heartbeat.unref();

  function publish(event: BackplaneEvent) {
    const channel = channelOf(event);
    const text = JSON.stringify({ ...event, origin: instanceId });
    // The others would drop it (see readEvent); a JSON string's length bounds its UTF-8 size
    // from below, so check the exact size only near the limit.
    if (text.length > MAX_EVENT_BYTES / 3 && Buffer.byteLength(text) > MAX_EVENT_BYTES) {
      status.tooLargeToCross++;
      return false;
    }
    attempt(
      () => pub.publish(channel, text),
      () => status.lostWhileDown++,
      text.length,
    );
    return true;
  }

  return {
    instanceId,
    setGuard(boundary) {
      guard = boundary;
    },
    subscribe(room) {
      // A hung Redis must not hold a joiner's welcome: after the timeout it makes do, as in an
      // outage (the history read then may miss what is published until Redis subscribes us).
      return bounded(
        sub.subscribe(roomChannel(room)).then(
          () => {},
          () => {},
        ),
        undefined,
      );
    },
    unsubscribe(room) {
      sub.unsubscribe(roomChannel(room)).catch(() => {});
    },
    publish,
    onEvent: (handler) => handlers.push(handler),
    onStatus: (handler) => statusHandlers.push(handler),
    record(room, text) {
      if (Buffer.byteLength(text) > maxHistoryBytes) return;
      attempt(
        () =>
          pub
            .multi()
            .lpush(historyKey(room), text)
            .ltrim(historyKey(room), 0, historyLength - 1)
            .expire(historyKey(room), HISTORY_TTL_SECONDS)
            .exec(),
        () => status.historyLost++,
        text.length,
      );
    },
    async history(room, mark) {
      if (!both()) return undefined;
      // The mark is published in the read's transaction, so it sits in the room's events exactly
      // where the read happened. The other processes drop it (an unknown kind).
      const text = JSON.stringify({
        kind: "mark",
        room,
        id: randomBytes(8).toString("hex"),
        origin: instanceId,
      });
      const arrived = new Promise<void>((resolve) =>
        marks.set(text, () => {
          marks.delete(text);
          mark();
          resolve();
        }),
      );
      const read = pub
        .multi()
        .lrange(historyKey(room), 0, historyLength - 1)
        .publish(roomChannel(room), text)
        .exec()
        .then(
          (replies) => {
            const [error, texts] = replies?.[0] ?? [];
            return error ? undefined : (texts as string[]);
          },
          () => undefined,
        );
      const texts = await bounded(
        read.then((texts) => (texts ? arrived.then(() => texts) : undefined)),
        undefined,
      );
      marks.delete(text);
      // Welcomes splice these in as they are: only this room's messages (anyone on Redis can
      // push to the list).
      return texts?.reverse().filter((text) => isFrame(text, "message", room));
    },
    addMember(room, member) {
      let members = local.get(room);
      if (!members) {
        members = new Map();
        local.set(room, members);
      }
      members.set(member.id, member);
      attempt(
        () => pub.zadd(membersKey(room), Date.now() + ttl, memberKey(member)),
        () => {},
      );
    },
    removeMember(room, member) {
      const members = local.get(room);
      members?.delete(member.id);
      if (members?.size === 0) local.delete(room);
      attempt(
        () => pub.zrem(membersKey(room), memberKey(member)),
        () => {},
      );
    },
    async members(room, limit) {
      if (!both()) return undefined;
      const now = Date.now();
      const [n, keys] = await bounded(
        Promise.all([
          pub.zcount(membersKey(room), now, "+inf"),
          pub.zrangebyscore(membersKey(room), now, "+inf", "LIMIT", 0, limit),
        ]).catch(() => [undefined, undefined] as const),
        [undefined, undefined] as const,
      );
      if (n === undefined || keys === undefined) return undefined;
      return {
        n,
        peers: keys.map(readMember).filter((member): member is PeerInfo => member !== undefined),
      };
    },
    get status() {
      return { ...status };
    },
    async close() {
      clearInterval(heartbeat);
      const batch = pub.pipeline();
      for (const [room, members] of local)
        for (const chunk of chunks([...members.values()], MEMBERS_PER_COMMAND))
          batch.zrem(membersKey(room), ...chunk.map(memberKey));
      if (batch.length > 0) await batch.exec().catch(() => {});
      local.clear();
      pub.disconnect();
      sub.disconnect();
    },
  };
}

/** `items` in slices of `size`. */
function chunks<T>(items: T[], size: number): T[][] {
  const slices: T[][] = [];
  for (let at = 0; at < items.length; at += size) slices.push(items.slice(at, at + size));
  return slices;
}

/** A presence set member: the member's id and name, as JSON (sorted-set members are strings). */
function memberKey(member: PeerInfo): string {
  return JSON.stringify([member.id, member.name]);
}

function readMember(key: string): PeerInfo | undefined {
  const json = parseJson(key, { maxDepth: 2, maxLength: 1024 });
  if (!json.ok || !Array.isArray(json.value)) return undefined;
  const [id, name] = json.value;
  return typeof id === "string" && typeof name === "string" ? { id, name } : undefined;
}

/**
 * An event from Redis, checked like any other input: anyone who can reach Redis can publish on
 * these channels, so a malformed or hostile event is dropped, never trusted.
 */
export function readEvent(message: string, ownInstance: string): BackplaneEvent | undefined {
  const json = parseJson(message, { maxDepth: 16, maxLength: MAX_EVENT_BYTES });
  if (
    !json.ok ||
    typeof json.value !== "object" ||
    json.value === null ||
    Array.isArray(json.value)
  )
    return undefined;
  const event = json.value as Record<string, unknown>;
  if (event.origin === ownInstance) return undefined;
  const isText = (value: unknown) => typeof value === "string";
  const isCount = (value: unknown) => Number.isSafeInteger(value) && (value as number) >= 0;
  const isRoom = (value: unknown) =>
    typeof value === "string" && /^[A-Za-z0-9_.-]{1,64}$/.test(value);
  const isPeers = (value: unknown) =>
    Array.isArray(value) &&
    value.length <= 1000 &&
    value.every(
      (peer) =>
        typeof peer === "object" &&
        peer !== null &&
        isText((peer as PeerInfo).id) &&
        isText((peer as PeerInfo).name),
    );
  switch (event.kind) {
    case "message":
      // Members get this text as it is: it must be a room message of this room.
      return isRoom(event.room) &&
        isText(event.text) &&
        isFrame(event.text as string, "message", event.room as string)
        ? { kind: "message", room: event.room as string, text: event.text as string }
        : undefined;
    case "binary":
      return isRoom(event.room) &&
        typeof event.base64 === "string" &&
        /^[A-Za-z0-9+/]*={0,2}$/.test(event.base64)
        ? { kind: "binary", room: event.room as string, base64: event.base64 }
        : undefined;
    case "presence": {
      const changes = event.changes as Record<string, unknown> | undefined;
      if (
        !isRoom(event.room) ||
        !isCount(event.n) ||
        !changes ||
        !isPeers(changes.joined) ||
        !isPeers(changes.left) ||
        (changes.more !== undefined && !isCount(changes.more))
      )
        return undefined;
      return {
        kind: "presence",
        room: event.room as string,
        n: event.n as number,
        changes: {
          joined: changes.joined as PeerInfo[],
          left: changes.left as PeerInfo[],
          ...(changes.more ? { more: changes.more as number } : {}),
        },
      };
    }
    case "dm":
      return isText(event.to) && isText(event.text) && isFrame(event.text as string, "dm")
        ? { kind: "dm", to: event.to as string, text: event.text as string }
        : undefined;
    case "broadcast":
      if (
        !isText(event.from) ||
        (event.text !== undefined && !isText(event.text)) ||
        (event.base64 !== undefined && !isText(event.base64))
      )
        return undefined;
      return {
        kind: "broadcast",
        from: event.from as string,
        ...(event.text !== undefined ? { text: event.text as string } : {}),
        ...(event.base64 !== undefined ? { base64: event.base64 as string } : {}),
      };
    default:
      return undefined;
  }
}

/** Whether `text` is a rooms frame of `type` (and of `room`, when given). */
function isFrame(text: string, type: string, room?: string): boolean {
  const json = parseJson(text, { maxDepth: 40, maxLength: MAX_EVENT_BYTES });
  if (!json.ok || typeof json.value !== "object" || json.value === null) return false;
  const frame = json.value as Record<string, unknown>;
  return frame.type === type && (room === undefined || frame.room === room);
}

/** A Redis URL without its password, for logs. */
function redacted(url: string): string {
  return url.replace(/\/\/[^@/]*@/, "//");
}
