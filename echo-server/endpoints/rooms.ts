import { defineHooks, type Peer } from "crossws";
import type { Guard } from "../failure-boundary.ts";
import type { ParameterSpec } from "../query.ts";
import { MAX_EVENT_BYTES, type RoomsBackplane } from "../rooms/backplane.ts";
import { CatchUp, MAX_HELD_FRAMES, type RoomData } from "../rooms/catch-up.ts";
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
/** How long after a welcome a message its history held may still arrive (as a duplicate). */
const DUPLICATE_WINDOW_MS = 1000;

/** The rooms endpoint: hooks plus a way to publish from outside (the HTTP API). */
export interface RoomsEndpoint {
  hooks: ReturnType<typeof defineHooks>;
  /** Publishes `data` into `room` as `from`; returns how many peers it reached. */
  publish(room: string, data: unknown, from?: string): number;
  readonly registry: RoomRegistry;
  /** Frames members missed because they arrived past the cap while their welcome waited. */
  readonly missedBeforeWelcome: number;
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
    /** Runs what happens once Redis answers (welcomes, presence); the server passes its failure boundary. @default logs a failure to stderr */
    guard?: Guard;
  } = {},
): RoomsEndpoint {
  const send = options.send ?? sendDirect;
  const guard = options.guard ?? logFailures;
  const backplane = options.backplane;
  const registry = new RoomRegistry(options.limits, backplane ? `${backplane.instanceId}-` : "");
  const members = new WeakMap<Peer, Member>();
  const homes = new WeakMap<Member, string>();
  /** Rooms this process receives from the backplane, each resolved once its events flow. */
  const subscriptions = new Map<string, Promise<void>>();

  const sendJson = (member: Member, value: unknown) => send(member.peer, JSON.stringify(value));
  const error = (member: Member, code: string, message: string) =>
    sendJson(member, { type: "error", code, message });

  /** Members joining rooms across processes, until their welcome's history is behind them. */
  const joining = new WeakMap<Member, Map<string, CatchUp>>();
  let missedBeforeWelcome = 0;

  /** Sends a frame for `room` to `member`; `fromHere` when it was published on this process. */
  function deliver(member: Member, room: string, data: RoomData, fromHere = false) {
    const catchUp = joining.get(member)?.get(room);
    if (!catchUp) return send(member.peer, data);
    const step = catchUp.step(data, fromHere);
    if (step === "send") send(member.peer, data);
    else if (step === "miss") missedBeforeWelcome++;
    if (!catchUp.pending) joining.get(member)?.delete(room);
  }

  function fanOut(room: string, text: string, fromHere = false) {
    let reached = 0;
    for (const member of registry.members(room)) {
      deliver(member, room, text, fromHere);
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
      void backplane.members(room, 0).then(
        guard("rooms presence", (across: { n: number } | undefined) => {
          const n = across?.n ?? sizeOf(room);
          if (sizeOf(room) > 0) {
            sizesAcross.set(room, n);
            fanOut(room, JSON.stringify(presenceFrame(room, n, changes)));
          } else sizesAcross.delete(room);
          if (local.joined.length > 0 || local.left.length > 0 || local.more)
            backplane.publish({ kind: "presence", room, changes: local, n });
        }),
      );
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
    // The room's events flow before its history is read, so none falls between the two.
    let subscribed = subscriptions.get(room);
    if (!subscribed) {
      subscribed = backplane.subscribe(room);
      subscriptions.set(room, subscribed);
    }
    backplane.addMember(room, infoOf(member));
    const catchUp = new CatchUp();
    joining.set(member, (joining.get(member) ?? new Map()).set(room, catchUp));
    // Across processes, the welcome waits for the shared history and member list (or, while
    // Redis is down, makes do with this process's own): all of it inside the failure boundary.
    void subscribed.then(
      guard("rooms welcome", async () => {
        // Queued now, before the read below: later local messages are not in it.
        catchUp.readQueued();
        const [history, across] = await welcomeData(backplane, room, () => catchUp.marked());
        const held = catchUp.welcome(history);
        if (!member.rooms.has(room) || joining.get(member)?.get(room) !== catchUp) return;
        const shown = history ?? registry.history(room);
        welcome(member, room, across?.n ?? inRoom.size, across?.peers ?? peers, shown);
        for (const data of held) send(member.peer, data);
        if (catchUp.missed > 0)
          sendJson(member, {
            type: "error",
            code: "missed_frames",
            room,
            missed: catchUp.missed,
            message: `${count(catchUp.missed, "frame")} for room ${room} arrived while your welcome waited on the other server processes, beyond the ${MAX_HELD_FRAMES.toLocaleString("en-US")} frames (4 MiB) held for you, and ${catchUp.missed === 1 ? "was" : "were"} not delivered. The room's history keeps its last messages: leave and join again to see them.`,
          });
        const forget = () => {
          if (joining.get(member)?.get(room) === catchUp) joining.get(member)?.delete(room);
        };
        // A message its history showed can still arrive through pub/sub, for a while.
        if (catchUp.pending) setTimeout(forget, DUPLICATE_WINDOW_MS).unref();
        else forget();
        presence.joined(room, infoOf(member));
      }),
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
    joining.get(member)?.delete(room);
    if (sizeOf(room) === 0) {
      subscriptions.delete(room);
      backplane.unsubscribe(room);
    }
  }

  /** Publishes a message; `sender` hears it when the message could not cross to other processes. */
  function publish(room: string, data: unknown, from: string, name: string, sender?: Member) {
    const text = registry.record({ type: "message", room, from, name, data, ts: Date.now() });
    if (text === undefined) return 0;
    // History first: a process that subscribes to the room after this publish reads its
    // history after subscribing, so it finds the message there.
    backplane?.record(room, text);
    // The sender hears first: its own copy could fill its socket's buffer.
    const crossed = backplane?.publish({ kind: "message", room, text }) ?? true;
    if (!crossed && sender) tooLargeToCross(sender, room, Buffer.byteLength(text));
    return fanOut(room, text, true);
  }

  function tooLargeToCross(member: Member, room: string, bytes: number) {
    sendJson(member, {
      type: "error",
      code: "too_large_to_cross",
      room,
      message: `Your message (${bytes.toLocaleString("en-US")} bytes) reached the members of room ${room} on this server process only: messages cross to the other processes up to ${MAX_EVENT_BYTES.toLocaleString("en-US")} bytes`,
    });
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
        publish(command.room, command.data, member.id, member.name, member);
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
        ) {
          const text = JSON.stringify(dm);
          if (!backplane.publish({ kind: "dm", to: command.to, text }))
            error(
              member,
              "too_large_to_cross",
              `Your direct message (${Buffer.byteLength(text).toLocaleString("en-US")} bytes) was not sent: messages cross to the other server processes up to ${MAX_EVENT_BYTES.toLocaleString("en-US")} bytes`,
            );
          return;
        }
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
        if (
          backplane &&
          !backplane.publish({
            kind: "binary",
            room: home,
            base64: Buffer.from(raw).toString("base64"),
          })
        )
          tooLargeToCross(member, home, raw.byteLength);
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
          publish(home, frame.data, member.id, member.name, member);
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
      case "binary": {
        const bytes = Buffer.from(event.base64, "base64");
        for (const member of registry.members(event.room)) deliver(member, event.room, bytes);
        return;
      }
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
    get missedBeforeWelcome() {
      return missedBeforeWelcome;
    },
  };
}

/** What a welcome across processes needs from the backplane: the room's history and members. */
function welcomeData(backplane: RoomsBackplane, room: string, mark: () => void) {
  return Promise.all([backplane.history(room, mark), backplane.members(room, MAX_WELCOME_PEERS)]);
}

/** Without the server's failure boundary: a failure is written to stderr, and the process goes on. */
const logFailures: Guard =
  (where, fn) =>
  (...args) => {
    const report = (error: unknown) =>
      process.stderr.write(`socketscope: ${where} failed: ${String(error)}\n`);
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch(report);
    } catch (error) {
      report(error);
    }
  };

/** "1 event", "3 events". */
function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? "" : "s"}`;
}

/** `/rooms/:room` hooks with their own registry, ready to mount in any crossws adapter. */
export const rooms = createRooms().hooks;
