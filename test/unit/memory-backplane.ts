import type {
  BackplaneEvent,
  BackplaneStatus,
  RoomsBackplane,
} from "../../echo-server/rooms/backplane.ts";
import type { PeerInfo } from "../../echo-server/rooms/presence.ts";
import { readEvent } from "../../echo-server/rooms/redis-backplane.ts";

/**
 * Server processes that share rooms through memory instead of Redis, for tests that need a
 * clock they control: events travel as the JSON text Redis would carry, are checked by the Redis
 * backplane's own `readEvent`, and arrive on a later timer turn, as from a socket.
 */
export function makeMemoryBus() {
  interface Process {
    id: string;
    rooms: Set<string>;
    handlers: ((event: BackplaneEvent) => void)[];
  }
  const processes: Process[] = [];
  const members = new Map<string, Map<string, PeerInfo>>();
  const membersOf = (room: string) => {
    let inRoom = members.get(room);
    if (!inRoom) {
      inRoom = new Map();
      members.set(room, inRoom);
    }
    return inRoom;
  };

  /** A backplane for one more process on this bus. */
  function backplane(): RoomsBackplane {
    const self: Process = { id: `p${processes.length + 1}`, rooms: new Set(), handlers: [] };
    processes.push(self);
    const status: BackplaneStatus = {
      connected: true,
      since: 0,
      lostWhileDown: 0,
      historyLost: 0,
      tooLargeToCross: 0,
    };
    const reaches = (other: Process, event: BackplaneEvent) => {
      if (other === self) return false;
      if (event.kind === "dm") return event.to.startsWith(`${other.id}-`);
      if (event.kind === "broadcast") return true;
      return other.rooms.has(event.room);
    };
    return {
      instanceId: self.id,
      setGuard() {},
      subscribe: async (room) => void self.rooms.add(room),
      unsubscribe: (room) => void self.rooms.delete(room),
      publish(event) {
        const text = JSON.stringify({ ...event, origin: self.id });
        for (const other of processes.filter((other) => reaches(other, event))) {
          setTimeout(() => {
            const received = readEvent(text, other.id);
            if (received) for (const handler of other.handlers) handler(received);
          }, 0);
        }
        return true;
      },
      onEvent: (handler) => void self.handlers.push(handler),
      onStatus() {},
      record() {},
      // Marked on a later timer turn, in order with the events.
      history: (_room, mark) =>
        new Promise((resolve) =>
          setTimeout(() => {
            mark();
            resolve([]);
          }, 0),
        ),
      addMember: (room, member) => void membersOf(room).set(member.id, member),
      removeMember: (room, member) => void membersOf(room).delete(member.id),
      async members(room, limit) {
        const all = [...membersOf(room).values()];
        return { n: all.length, peers: all.slice(0, limit) };
      },
      get status() {
        return { ...status };
      },
      async close() {},
    };
  }
  return { backplane };
}
