import type { Peer } from "crossws";
import { defaultHistoryLimits, type HistoryLimits, RoomHistory } from "./history.ts";

/** A peer connected to the rooms endpoint. */
export interface Member {
  id: string;
  name: string;
  peer: Peer;
  rooms: Set<string>;
}

/** A message as kept in history and sent to a room. */
export interface RoomMessage {
  type: "message";
  room: string;
  from: string;
  name: string;
  data: unknown;
  ts: number;
}

interface Room {
  members: Set<Member>;
  history: RoomHistory<RoomMessage>;
}

/** Limits of the registry. */
export interface RegistryLimits {
  history: HistoryLimits;
  /** Rooms kept at once, counting empty rooms that still hold history. @default 10000 */
  maxRooms: number;
  /** Rooms one peer may be in. @default 16 */
  maxRoomsPerPeer: number;
}

export const defaultRegistryLimits: RegistryLimits = {
  history: defaultHistoryLimits,
  maxRooms: 10_000,
  maxRoomsPerPeer: 16,
};

/** Why a join was refused. */
export type JoinRefusal = "too_many_rooms" | "server_full";

/**
 * Rooms, their members and their bounded history. Membership is kept per room, so delivering a
 * message costs work in proportion to the room's size, never the server's.
 */
export class RoomRegistry {
  #rooms = new Map<string, Room>();
  #members = new Map<string, Member>();
  #nextId = 1;

  constructor(private readonly limits: RegistryLimits = defaultRegistryLimits) {}

  /** Registers a connected peer and gives it an id. */
  connect(peer: Peer): Member {
    const id = `u${this.#nextId++}`;
    const member: Member = { id, name: id, peer, rooms: new Set() };
    this.#members.set(id, member);
    return member;
  }

  /** Removes a peer from every room; returns the rooms it left. */
  disconnect(member: Member): string[] {
    const left = [...member.rooms];
    for (const room of left) this.leave(member, room);
    this.#members.delete(member.id);
    return left;
  }

  member(id: string): Member | undefined {
    return this.#members.get(id);
  }

  /** Adds a member to a room, creating the room if needed. */
  join(member: Member, name: string): JoinRefusal | undefined {
    if (member.rooms.has(name)) return undefined;
    if (member.rooms.size >= this.limits.maxRoomsPerPeer) return "too_many_rooms";
    const room = this.#roomFor(name);
    if (!room) return "server_full";
    room.members.add(member);
    member.rooms.add(name);
    return undefined;
  }

  /** Removes a member from a room; false when it was not in it. */
  leave(member: Member, name: string): boolean {
    const room = this.#rooms.get(name);
    if (!room || !member.rooms.delete(name)) return false;
    room.members.delete(member);
    if (room.members.size === 0 && room.history.size === 0) this.#rooms.delete(name);
    return true;
  }

  /** Members of a room (empty when it does not exist). */
  members(name: string): ReadonlySet<Member> {
    return this.#rooms.get(name)?.members ?? new Set();
  }

  history(name: string): RoomMessage[] {
    return this.#rooms.get(name)?.history.values() ?? [];
  }

  /** Records a message in a room's history; returns its serialized form, or undefined when full. */
  record(message: RoomMessage): string | undefined {
    const room = this.#roomFor(message.room);
    if (!room) return undefined;
    const text = JSON.stringify(message);
    room.history.add(message, Buffer.byteLength(text));
    return text;
  }

  /** Rooms with at least one member, with their sizes. */
  list(): { room: string; n: number }[] {
    const rooms: { room: string; n: number }[] = [];
    for (const [room, { members }] of this.#rooms)
      if (members.size > 0) rooms.push({ room, n: members.size });
    return rooms;
  }

  get roomCount(): number {
    return this.#rooms.size;
  }

  #roomFor(name: string): Room | undefined {
    const existing = this.#rooms.get(name);
    if (existing) return existing;
    if (this.#rooms.size >= this.limits.maxRooms && !this.#evictEmptyRoom()) return undefined;
    const room: Room = { members: new Set(), history: new RoomHistory(this.limits.history) };
    this.#rooms.set(name, room);
    return room;
  }

  /** Frees the oldest room that has no members (only its history is lost). */
  #evictEmptyRoom(): boolean {
    for (const [name, room] of this.#rooms) {
      if (room.members.size === 0) {
        this.#rooms.delete(name);
        return true;
      }
    }
    return false;
  }
}
