import type { Guard } from "../failure-boundary.ts";
import type { PeerInfo, PresenceChanges } from "./presence.ts";

/**
 * What crosses from one server process to the others through a backplane (Redis): a room's
 * messages and presence, direct messages, and /broadcast. Every event says which process sent
 * it, so a process never delivers its own twice.
 */
export type BackplaneEvent =
  | { kind: "message"; room: string; text: string }
  /** A binary frame sent into a room: its members get the bytes as they are. */
  | { kind: "binary"; room: string; base64: string }
  | { kind: "presence"; room: string; changes: PresenceChanges; n: number }
  | { kind: "dm"; to: string; text: string }
  | { kind: "broadcast"; text?: string; base64?: string; from: string };

/** Whether the link to the other processes is up, and what an outage cost. */
export interface BackplaneStatus {
  connected: boolean;
  /** Epoch ms of the last change. */
  since: number;
  /** Events that could not reach the other processes while the link was down. */
  lostWhileDown: number;
  /** History writes that were lost while it was down. */
  historyLost: number;
  /** Events too large to cross (their JSON over `maxEventBytes`): they reached this process only. */
  tooLargeToCross: number;
}

/** The largest event (as JSON text) that crosses between processes: 4 MiB. */
export const MAX_EVENT_BYTES = 4 * 1024 * 1024;

/**
 * Rooms across processes. `createRooms({ backplane })` uses it; without one, rooms live in
 * one process. Methods that talk to the other processes never throw: while the link is down
 * they count what was lost (see `status`).
 */
export interface RoomsBackplane {
  /** This process's id; member ids are prefixed with it, so they are unique everywhere. */
  readonly instanceId: string;
  /** Runs what arrives from the other processes inside the server's failure boundary. */
  setGuard(guard: Guard): void;
  /**
   * Starts receiving a room's events (its first local member joined). Resolves once they flow
   * (or the link is down, or it took too long), so a history read after it misses nothing.
   */
  subscribe(room: string): Promise<void>;
  /** Stops receiving them (its last local member left). */
  unsubscribe(room: string): void;
  /**
   * Sends an event to the other processes. False when it is too large to cross (over
   * `MAX_EVENT_BYTES` as JSON): then it was not sent, and is counted in `tooLargeToCross`.
   */
  publish(event: BackplaneEvent): boolean;
  /** Calls `handler` for every event from another process. */
  onEvent(handler: (event: BackplaneEvent) => void): void;
  /** Calls `handler` when the link goes down or comes back. */
  onStatus(handler: (status: BackplaneStatus) => void): void;
  /** Appends a message (its JSON text) to the room's shared, capped history. */
  record(room: string, text: string): void;
  /**
   * The room's shared history, oldest first; undefined while the link is down (or it took too
   * long). Calls `mark` among the room's events at the point where the history was read: a
   * message that arrives before it is in that history or older than all of it. Resolves after
   * `mark`, once both are in.
   */
  history(room: string, mark: () => void): Promise<string[] | undefined>;
  /** Presence: a local member is in a room (kept alive by heartbeats until it leaves). */
  addMember(room: string, member: PeerInfo): void;
  removeMember(room: string, member: PeerInfo): void;
  /** Members of a room across every process (count, and the first `limit`); undefined while down. */
  members(room: string, limit: number): Promise<{ n: number; peers: PeerInfo[] } | undefined>;
  readonly status: BackplaneStatus;
  close(): Promise<void>;
}
