import { defineHooks, type Peer } from "crossws";
import type { ParameterSpec } from "../query.ts";
import type { RoomsBackplane } from "../rooms/backplane.ts";
import { isValidRoomName } from "../rooms/names.ts";
import { type PeerInfo, PresenceBatcher, presenceFrame } from "../rooms/presence.ts";
import { parseRoomFrame, type RoomCommand } from "../rooms/protocol.ts";
import { type Member, type RegistryLimits, RoomRegistry } from "../rooms/registry.ts";
import { type Send, sendDirect } from "../send.ts";

/** Path parameters of `/rooms/:room`. */
export const roomsParameters: ParameterSpec[] = [
  { name: "room", description: "room to join on connect: 1–64 characters of A–Z a–z 0–9 _ . -" },
];

/** The home room named by the last segment of the URL path (`/rooms/lobby` → `lobby`). */
export function roomFromPath(url: string): string | undefined {
  const segment = new URL(url).pathname.split("/").pop() ?? "";
  let name: string;
  try {
    name = decodeURIComponent(segment);
  } catch {
    return undefined;
  }
  return isValidRoomName(name) ? name : undefined;
}

/** Peers a welcome lists (the first to join); `n` gives the room's size. */
const MAX_WELCOME_PEERS = 100;

/** The rooms endpoint: hooks plus a way to publish from outside (the HTTP API). */
export interface RoomsEndpoint {
  hooks: ReturnType<typeof defineHooks>;
  /** Publishes `data` into `room` as `from`; returns how many peers it reached. */
  publish(room: string, data: unknown, from?: string): number;
  readonly registry: RoomRegistry;
}

/**
 * `/rooms/:room`: a room pattern over a small JSON protocol (see docs/playground.md). The peer
 * joins its home room on connect, may join and leave others, publish, send direct messages
 * and rename itself. Text that is not a command is published to the home room; `ping` answers
 * `pong`; binary frames go to the home room's other members as they are.
 */
export function createRooms(
  options: {
    send?: Send;
    limits?: Partial<RegistryLimits>;
    /** Spreads rooms, presence, history and direct messages over several processes (Redis). */
    backplane?: RoomsBackplane;
  } = {},
): RoomsEndpoint {
  const send = options.send ?? sendDirect;
  const backplane = options.backplane;
  const registry = new RoomRegistry(options.limits, backplane ? `${backplane.instanceId}-` : "");
  const members = new WeakMap<Peer, Member>();
  const homes = new WeakMap<Member, string>();

  const sendJson = (member: Member, value: unknown) => send(member.peer, JSON.stringify(value));
  const error = (member: Member, code: string, message: string) =>
    sendJson(member, { type: "error", code, message });

  /**
   * Frames for members whose welcome to a room still waits on the backplane (history and members
   * from Redis): they get the welcome first, then these, in order. Capped per member and room.
   */
  const early = new WeakMap<Member, Map<string, (string | Uint8Array)[]>>();
  const MAX_EARLY_FRAMES = 1024;

  function deliver(member: Member, room: string, data: string | Uint8Array) {
    const queue = early.get(member)?.get(room);
    if (!queue) return send(member.peer, data);
    if (queue.length < MAX_EARLY_FRAMES) queue.push(data);
  }

  function fanOut(room: string, text: string) {
    let reached = 0;
    for (const member of registry.members(room)) {
      deliver(member, room, text);
      reached++;
    }
    return reached;
  }

  const sizeOf = (room: string) => registry.members(room).size;
  /** Rooms' sizes across processes as last heard, for their presence windows (local rooms only). */
  const sizesAcross = new Map<string, number>();
  const presence = new PresenceBatcher(
    (room, changes, local) => {
      if (!backplane) {
        const n = sizeOf(room);
        if (n > 0) fanOut(room, JSON.stringify(presenceFrame(room, n, changes)));
        return;
      }
      // Across processes: the room's size counts every process's members. Only this process's
      // own changes are announced; the others announced theirs.
      void backplane.members(room, 0).then((across) => {
        const n = across?.n ?? sizeOf(room);
        if (sizeOf(room) > 0) {
          sizesAcross.set(room, n);
          fanOut(room, JSON.stringify(presenceFrame(room, n, changes)));
        } else sizesAcross.delete(room);
        if (local.joined.length > 0 || local.left.length > 0 || local.more)
          backplane.publish({ kind: "presence", room, changes: local, n });
      });
    },
    // A room's window grows with its size across processes, as it would in one process.
    (room) => Math.max(sizeOf(room), sizesAcross.get(room) ?? 0),
  );
  const infoOf = ({ id, name }: Member): PeerInfo => ({ id, name });

  function join(member: Member, room: string) {
    const refusal = registry.join(member, room);
    if (refusal === "already_in_room")
      return error(member, refusal, `You are already in room ${room}`);
    if (refusal === "too_many_rooms")
      return error(member, refusal, "A peer may be in at most 16 rooms");
    if (refusal === "server_full")
      return error(member, refusal, "The server holds as many rooms as it may");
    const inRoom = registry.members(room);
    const peers: PeerInfo[] = [];
    for (const peer of inRoom) {
      if (peers.length === MAX_WELCOME_PEERS) break;
      peers.push(infoOf(peer));
    }
    if (!backplane) {
      welcome(member, room, inRoom.size, peers, registry.history(room));
      presence.joined(room, infoOf(member));
      return;
    }
    if (inRoom.size === 1) backplane.subscribe(room);
    backplane.addMember(room, infoOf(member));
    const held: (string | Uint8Array)[] = [];
    early.set(member, (early.get(member) ?? new Map()).set(room, held));
    // Across processes, the welcome waits for the shared history and member list (or, while
    // Redis is down, makes do with this process's own).
    void Promise.all([backplane.history(room), backplane.members(room, MAX_WELCOME_PEERS)]).then(
      ([history, across]) => {
        early.get(member)?.delete(room);
        if (!member.rooms.has(room)) return;
        welcome(
          member,
          room,
          across?.n ?? inRoom.size,
          across?.peers ?? peers,
          history ?? registry.history(room),
        );
        for (const data of held) send(member.peer, data);
        presence.joined(room, infoOf(member));
      },
    );
  }

  function welcome(member: Member, room: string, n: number, peers: PeerInfo[], history: string[]) {
    // History is kept as the JSON text that was sent: splice it in rather than parse it again.
    const head = JSON.stringify({
      type: "welcome",
      id: member.id,
      name: member.name,
      room,
      n,
      peers,
    });
    send(member.peer, `${head.slice(0, -1)},"history":[${history.join(",")}]}`);
  }

  /** A member left a room, or went away: presence, and the backplane's records. */
  function left(member: Member, room: string) {
    presence.left(room, infoOf(member));
    if (!backplane) return;
    backplane.removeMember(room, infoOf(member));
    if (sizeOf(room) === 0) backplane.unsubscribe(room);
  }

  function publish(room: string, data: unknown, from: string, name: string): number {
    const text = registry.record({ type: "message", room, from, name, data, ts: Date.now() });
    if (text === undefined) return 0;
    backplane?.publish({ kind: "message", room, text });
    backplane?.record(room, text);
    return fanOut(room, text);
  }

  function run(member: Member, command: RoomCommand) {
    switch (command.type) {
      case "join":
        return join(member, command.room);
      case "leave":
        if (!registry.leave(member, command.room)) {
          return error(member, "not_in_room", `You are not in room ${command.room}`);
        }
        if (homes.get(member) === command.room) homes.delete(member);
        return left(member, command.room);
      case "publish":
        if (!member.rooms.has(command.room)) {
          return error(member, "not_in_room", `Join room ${command.room} before publishing to it`);
        }
        publish(command.room, command.data, member.id, member.name);
        return;
      case "dm": {
        const dm = {
          type: "dm",
          from: member.id,
          name: member.name,
          data: command.data,
          ts: Date.now(),
        };
        const target = registry.member(command.to);
        if (target) return sendJson(target, dm);
        // A peer of another process: its id starts with that process's id. Delivered if it is
        // still connected there; no process can say "unknown" for another.
        if (
          backplane &&
          !command.to.startsWith(`${backplane.instanceId}-`) &&
          command.to.includes("-")
        )
          return backplane.publish({ kind: "dm", to: command.to, text: JSON.stringify(dm) });
        return error(member, "unknown_peer", `No peer with id ${command.to}`);
      }
      case "nick":
        member.name = command.name;
        return sendJson(member, { type: "nick", id: member.id, name: member.name });
      case "rooms":
        return sendJson(member, { type: "rooms", ...registry.list() });
    }
  }

  const hooks = defineHooks({
    upgrade(request) {
      const room = roomFromPath(request.url);
      if (!room) {
        throw new Response("Invalid room name: use 1–64 characters of A–Z a–z 0–9 _ . -", {
          status: 404,
          statusText: "Not Found",
          headers: { "Content-Type": "text/plain; charset=utf-8" },
        });
      }
      return { context: { room } };
    },
    open(peer) {
      const member = registry.connect(peer);
      members.set(peer, member);
      const room = (peer.context.room as string | undefined) ?? roomFromPath(peer.request.url);
      if (room) {
        homes.set(member, room);
        join(member, room);
      }
    },
    message(peer, message) {
      const member = members.get(peer);
      if (!member) return;
      const raw = message.rawData as string | Uint8Array;
      const home = homes.get(member);
      if (typeof raw !== "string") {
        if (!home) return error(member, "no_room", "Join a room before sending binary frames");
        for (const other of registry.members(home)) if (other !== member) deliver(other, home, raw);
        return;
      }
      const frame = parseRoomFrame(raw);
      switch (frame.kind) {
        case "ping":
          return send(peer, "pong");
        case "error":
          return error(member, frame.code, frame.message);
        case "command":
          return run(member, frame.command);
        case "message":
          if (!home)
            return error(member, "no_room", "You left your home room: publish with a room name");
          publish(home, frame.data, member.id, member.name);
          return;
      }
    },
    close(peer) {
      const member = members.get(peer);
      if (!member) return;
      members.delete(peer);
      for (const room of registry.disconnect(member)) left(member, room);
    },
  });

  backplane?.onEvent((event) => {
    switch (event.kind) {
      case "message":
        registry.recordText(event.room, event.text);
        fanOut(event.room, event.text);
        return;
      case "presence":
        // Shown with this process's next presence batch for the room: one frame per window
        // for its members, however many processes announce changes.
        if (sizeOf(event.room) > 0) {
          sizesAcross.set(event.room, event.n);
          presence.relayed(event.room, event.changes);
        }
        return;
      case "dm": {
        const target = registry.member(event.to);
        if (target) send(target.peer, event.text);
        return;
      }
    }
  });
  // Members hear when the link to the other processes goes down and comes back, and what it cost.
  backplane?.onStatus((status) => {
    const frame = status.connected
      ? {
          type: "notice",
          code: "backplane_up",
          message: `The link to the other server processes is back. While it was down, ${count(status.lostWhileDown, "event")} reached this process only, and ${count(status.historyLost, "message")} were not kept in the shared history.`,
        }
      : {
          type: "error",
          code: "backplane_down",
          message:
            "The link to the other server processes (Redis) is down: until it is back, messages reach members on this process only, and joins here see this process's history.",
        };
    const text = JSON.stringify(frame);
    for (const member of registry.allMembers()) send(member.peer, text);
  });

  return {
    hooks,
    registry,
    publish: (room, data, from = "http") => publish(room, data, from, from),
  };
}

/** "1 event", "3 events". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `/rooms/:room` hooks with their own registry, ready to mount in any crossws adapter. */
export const rooms = createRooms().hooks;
