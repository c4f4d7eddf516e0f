import { defineHooks, type Peer } from "crossws";
import type { ParameterSpec } from "../query.ts";
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
  options: { send?: Send; limits?: Partial<RegistryLimits> } = {},
): RoomsEndpoint {
  const send = options.send ?? sendDirect;
  const registry = new RoomRegistry(options.limits);
  const members = new WeakMap<Peer, Member>();
  const homes = new WeakMap<Member, string>();

  const sendJson = (member: Member, value: unknown) => send(member.peer, JSON.stringify(value));
  const error = (member: Member, code: string, message: string) =>
    sendJson(member, { type: "error", code, message });

  function fanOut(room: string, text: string) {
    let reached = 0;
    for (const member of registry.members(room)) {
      send(member.peer, text);
      reached++;
    }
    return reached;
  }

  const sizeOf = (room: string) => registry.members(room).size;
  const presence = new PresenceBatcher((room, changes) => {
    const n = sizeOf(room);
    if (n > 0) fanOut(room, JSON.stringify(presenceFrame(room, n, changes)));
  }, sizeOf);
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
    // History is kept as the JSON text that was sent: splice it in rather than parse it again.
    const head = JSON.stringify({
      type: "welcome",
      id: member.id,
      name: member.name,
      room,
      n: inRoom.size,
      peers,
    });
    send(member.peer, `${head.slice(0, -1)},"history":[${registry.history(room).join(",")}]}`);
    presence.joined(room, infoOf(member));
  }

  function publish(room: string, data: unknown, from: string, name: string): number {
    const text = registry.record({ type: "message", room, from, name, data, ts: Date.now() });
    return text === undefined ? 0 : fanOut(room, text);
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
        return presence.left(command.room, infoOf(member));
      case "publish":
        if (!member.rooms.has(command.room)) {
          return error(member, "not_in_room", `Join room ${command.room} before publishing to it`);
        }
        publish(command.room, command.data, member.id, member.name);
        return;
      case "dm": {
        const target = registry.member(command.to);
        if (!target) return error(member, "unknown_peer", `No peer with id ${command.to}`);
        return sendJson(target, {
          type: "dm",
          from: member.id,
          name: member.name,
          data: command.data,
          ts: Date.now(),
        });
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
        for (const other of registry.members(home)) if (other !== member) send(other.peer, raw);
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
      for (const room of registry.disconnect(member)) presence.left(room, infoOf(member));
    },
  });

  return {
    hooks,
    registry,
    publish: (room, data, from = "http") => publish(room, data, from, from),
  };
}

/** `/rooms/:room` hooks with their own registry, ready to mount in any crossws adapter. */
export const rooms = createRooms().hooks;
