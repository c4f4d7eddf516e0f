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
  history: RoomHistory;
}

/** Limits of the registry. */
export interface RegistryLimits {
  /** Bounds of each room's history. */
  history: HistoryLimits;
  /**
   * UTF-8 bytes of history kept over all rooms; past it, the rooms used least recently lose
   * their history first. @default 16 MiB
   */
  maxHistoryBytes: number;
  /** Rooms kept at once, counting empty rooms that still hold history. @default 10000 */
  maxRooms: number;
  /** Rooms one peer may be in. @default 16 */
  maxRoomsPerPeer: number;
}

export const defaultRegistryLimits: RegistryLimits = {
  history: defaultHistoryLimits,
  maxHistoryBytes: 16 * 1024 * 1024,
  maxRooms: 10_000,
  maxRoomsPerPeer: 16,
};

/** Rooms a `rooms` answer lists at most; `total` gives the count of all. */
export const ROOM_LIST_LIMIT = 100;

/** Why a join was refused. */
export type JoinRefusal = "already_in_room" | "too_many_rooms" | "server_full";

/**
 * Rooms, their members and their bounded history. Membership is kept per room, so delivering a
 * message costs work in proportion to the room's size, never the server's. History is bounded
 * per room and in all (see `maxHistoryBytes`).
 */
export class RoomRegistry {
  #rooms = new Map<string, Room>();
  /** Names of the rooms that have members, in the order they got their first. */
  #occupied = new Set<string>();
  #members = new Map<string, Member>();
  #nextId = 1;
  /** Rooms that hold history, least recently published to first. */
  #byRecency = new Set<string>();
  #historyBytes = 0;
  #historyEvictions = 0;
  private readonly limits: RegistryLimits;

  /**
   * @param idPrefix goes before every member id (`a1b2c3d4-u7`): with a backplane, ids must be
   * unique across processes.
   */
  constructor(
    limits: Partial<RegistryLimits> = {},
    private readonly idPrefix = "",
  ) {
    this.limits = { ...defaultRegistryLimits, ...limits };
  }

  /** Registers a connected peer and gives it an id. */
  connect(peer: Peer): Member {
    const id = `${this.idPrefix}u${this.#nextId++}`;
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

  /** Every connected member. */
  allMembers(): IterableIterator<Member> {
    return this.#members.values();
  }

  /** Adds a member to a room, creating the room if needed. */
  join(member: Member, name: string): JoinRefusal | undefined {
    if (member.rooms.has(name)) return "already_in_room";
    if (member.rooms.size >= this.limits.maxRoomsPerPeer) return "too_many_rooms";
    const room = this.#roomFor(name);
    if (!room) return "server_full";
    room.members.add(member);
    member.rooms.add(name);
    this.#occupied.add(name);
    return undefined;
  }

  /** Removes a member from a room; false when it was not in it. */
  leave(member: Member, name: string): boolean {
    const room = this.#rooms.get(name);
    if (!room || !member.rooms.delete(name)) return false;
    room.members.delete(member);
    if (room.members.size === 0) this.#occupied.delete(name);
    if (room.members.size === 0 && room.history.size === 0) this.#rooms.delete(name);
    return true;
  }

  /** Members of a room (empty when it does not exist). */
  members(name: string): ReadonlySet<Member> {
    return this.#rooms.get(name)?.members ?? new Set();
  }

  /** A room's history as the JSON texts of its messages, oldest first. */
  history(name: string): string[] {
    return this.#rooms.get(name)?.history.texts() ?? [];
  }

  /** Records a message in a room's history; returns its serialized form, or undefined when full. */
  record(message: RoomMessage): string | undefined {
    const room = this.#roomFor(message.room);
    if (!room) return undefined;
    const text = JSON.stringify(message);
    this.recordText(message.room, text);
    return text;
  }

  /** Keeps a message that another process sent (already serialized) in the room's history. */
  recordText(room: string, text: string): void {
    const entry = this.#roomFor(room);
    if (!entry) return;
    this.#historyBytes += entry.history.add(text, Buffer.byteLength(text));
    this.#byRecency.delete(room);
    if (entry.history.size > 0) this.#byRecency.add(room);
    this.#keepHistoryInBudget();
  }

  /** UTF-8 bytes of history kept over all rooms. */
  get historyBytes(): number {
    return this.#historyBytes;
  }

  /** Histories emptied so far to stay within `maxHistoryBytes`. */
  get historyEvictions(): number {
    return this.#historyEvictions;
  }

  #keepHistoryInBudget() {
    for (const name of this.#byRecency) {
      if (this.#historyBytes <= this.limits.maxHistoryBytes) return;
      const room = this.#rooms.get(name);
      this.#byRecency.delete(name);
      if (!room) continue;
      this.#historyBytes -= room.history.clear();
      this.#historyEvictions++;
      if (room.members.size === 0) this.#rooms.delete(name);
    }
  }

  /**
   * Up to `limit` rooms with at least one member, with their sizes, and how many such rooms there
   * are. Bounded, because any peer may ask for it thousands of times a second.
   */
  list(limit = ROOM_LIST_LIMIT): { rooms: { room: string; n: number }[]; total: number } {
    const rooms: { room: string; n: number }[] = [];
    for (const room of this.#occupied) {
      if (rooms.length === limit) break;
      rooms.push({ room, n: this.#rooms.get(room)?.members.size ?? 0 });
    }
    return { rooms, total: this.#occupied.size };
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
        this.#historyBytes -= room.history.clear();
        this.#byRecency.delete(name);
        this.#rooms.delete(name);
        return true;
      }
    }
    return false;
  }
}
