/**
 * A scenario client that speaks a protocol: a protocol tracker (../sessions/tracker.ts) reads
 * every frame before the client's inbox does, answers pings and handshakes, and sends what the
 * emit, subscribe and call steps ask for. What is the protocol's own business stays out of the
 * inbox, so `expect` steps see the application's messages only: not the handshake, nor the
 * keep-alives the session answers, nor the replies to a request a protocol step made.
 */
import type { PreparedTarget } from "../sessions/detect.ts";
import { type FrameNote, makeProtocolTracker, type PairedReply } from "../sessions/tracker.ts";
import type { ProtocolAction, ProtocolConfig, WireData } from "../sessions/types.ts";
import type { ReceivedFrame } from "./matchers.ts";
import type { ScenarioSocket, ScenarioSocketEvents } from "./runner.ts";
import type { ScenarioProtocol } from "./types.ts";

/** A step that did not pass, with what to show; the runner reports it as it is. */
export class ProtocolStepFailure extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly received?: string,
  ) {
    super(message);
  }
}

/** The tracker's settings for a scenario's protocol, its templates expanded. */
export function protocolConfig(
  protocol: ScenarioProtocol,
  expandValue: (value: unknown) => unknown,
): ProtocolConfig {
  if (typeof protocol === "string") return { protocol };
  if (protocol.name === "socketio")
    return {
      protocol: "socketio",
      socketio: {
        ...(protocol.namespace !== undefined ? { namespace: protocol.namespace } : {}),
        ...(protocol.auth !== undefined ? { auth: expandValue(protocol.auth) } : {}),
      },
    };
  return {
    protocol: "graphql-ws",
    ...(protocol.initPayload !== undefined
      ? { graphql: { initPayload: expandValue(protocol.initPayload) } }
      : {}),
  };
}

/** A protocol spoken on one scenario client's connection. */
export interface ProtocolSpeaker {
  /** The URL and subprotocols to dial with (Engine.IO's query, graphql-transport-ws). */
  target(url: string, protocols: string[]): PreparedTarget;
  /** The connector's events, read by the session before the inbox gets what is left. */
  events(inbox: ScenarioSocketEvents): ScenarioSocketEvents;
  /** The socket as the steps use it: what they send is read by the session too. */
  attach(socket: ScenarioSocket): ScenarioSocket;
  /** Waits for the protocol's handshake; resolves with what it came to, in words. */
  handshake(deadline: number): Promise<string | undefined>;
  /** Sends what an action takes; returns the serials of the requests it made, and their id. */
  act(action: ProtocolAction): { serials: number[]; id?: string };
  /**
   * The next reply to request `serial`, in order; or why none can come any more: the connection
   * closed (`{ended: "the connection closed (1001 going away)"}`), or the Socket.IO namespace
   * the request went to was disconnected.
   */
  nextReply(
    serial: number,
    deadline: number,
    namespace?: string,
  ): Promise<PairedReply | "timeout" | { ended: string }>;
  /** The step is done with request `serial`: later replies to it are dropped. */
  release(serial: number): void;
  /** Whether a request is still open on the session (a subscription not completed). */
  isRunning(id: string): boolean;
  /** Socket.IO: the namespace the client connects, where its emits go unless they say. */
  readonly namespace: string;
}

/** Makes a speaker; `now` is the runner's monotonic clock. */
export function makeProtocolSpeaker(config: ProtocolConfig, now: () => number): ProtocolSpeaker {
  const tracker = makeProtocolTracker(config);
  let socket: ScenarioSocket | undefined;
  let closed = false;
  /** How the connection closed: `1000 bye`, or `1006`. */
  let closedWith = "";
  let handshakeDone = config.protocol !== "socketio" && config.protocol !== "graphql-ws";
  let failure: string | undefined;
  /** Replies to requests the steps made, waiting to be taken, by request serial. */
  const replies = new Map<number, PairedReply[]>();
  /** Requests whose steps are over: their late replies are dropped, and kept out of the inbox. */
  const done = new Set<number>();
  const wakers = new Set<() => void>();
  const wake = () => {
    for (const waker of [...wakers]) waker();
  };

  function send(data: WireData) {
    socket?.send(data);
    return tracker.sent(data, now());
  }

  /** Waits until `ready()` gives an answer or `deadline` passes. */
  function waitFor<T>(ready: () => T | undefined, deadline: number): Promise<T | "timeout"> {
    return new Promise((resolve) => {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const check = () => {
        const value = ready();
        if (value === undefined && now() < deadline) return false;
        wakers.delete(check);
        clearTimeout(timer);
        resolve(value ?? "timeout");
        return true;
      };
      // A timer may fire a little before `now()` reaches the deadline (its clock is the event
      // loop's, cached per turn), so one that finds it not yet passed is set again.
      const arm = () => {
        timer = setTimeout(
          () => {
            if (!check()) arm();
          },
          Math.max(1, Math.ceil(deadline - now())),
        );
      };
      wakers.add(check);
      if (!check()) arm();
    });
  }

  /** Whether the session finished its handshake, or why it cannot. */
  function handshakeState(): string | undefined {
    const state = tracker.status().session;
    if (state.protocol === "socketio") {
      const wanted = config.socketio?.namespace || "/";
      const namespace = state.namespaces.find((item) => item.name === wanted);
      if (namespace?.state === "connected") {
        handshakeDone = true;
        return `Namespace ${wanted} connected${namespace.sid ? ` (sid ${namespace.sid})` : ""}`;
      }
      if (namespace?.state === "refused")
        failure = `Namespace ${wanted} refused the connection: ${namespace.error ?? "no reason given"}`;
    } else if (state.protocol === "graphql-ws" && state.acknowledged) {
      handshakeDone = true;
      return "connection_ack";
    }
    return undefined;
  }

  /**
   * What of a received frame the inbox gets, for `expect` steps: the application's messages
   * only. The handshake, what the session answered by itself (a server's ping) and the replies
   * to a protocol step's requests stay out. Socket.IO's wire form is not JSON, so the inbox gets
   * each event decoded, `[event, ...args]`, once its attachments are in.
   */
  function toInbox(
    ready: boolean,
    note: FrameNote | undefined,
    answered: boolean,
    message: unknown,
    frame: ReceivedFrame,
  ): ReceivedFrame | undefined {
    const stepOwned = note?.answers?.some((serial) => replies.has(serial) || done.has(serial));
    if (stepOwned) return undefined;
    if (config.protocol === "socketio")
      return message === undefined ? undefined : { text: JSON.stringify(message) };
    if (!ready || answered) return undefined;
    return frame;
  }

  /** Why a Socket.IO namespace can answer no more, or undefined while it can. */
  function namespaceGone(name: string): string | undefined {
    const state = tracker.status().session;
    if (state.protocol !== "socketio") return undefined;
    const namespace = state.namespaces.find((item) => item.name === name);
    if (namespace?.state === "disconnected") return `namespace ${name} was disconnected`;
    if (namespace?.state === "refused")
      return `namespace ${name} refused the connection: ${namespace.error ?? "no reason given"}`;
    return undefined;
  }

  return {
    namespace: config.socketio?.namespace || "/",
    target: (url, protocols) => tracker.target(url, protocols),
    events(inbox) {
      return {
        open(subprotocol) {
          for (const frame of tracker.open(subprotocol, now()).send) send(frame);
          inbox.open(subprotocol);
        },
        message(frame) {
          const data: WireData = frame.bytes ?? frame.text ?? "";
          const ready = handshakeDone;
          const { note, send: answers, replies: paired, message } = tracker.receive(data, now());
          for (const answer of answers) send(answer);
          for (const reply of paired ?? []) {
            const queue = replies.get(reply.serial);
            if (queue) queue.push(reply);
          }
          if (!handshakeDone) handshakeState();
          const inbound = toInbox(ready, note, answers.length > 0, message, frame);
          if (inbound) inbox.message(inbound);
          wake();
        },
        close(code, reason) {
          closed = true;
          closedWith = reason ? `${code} ${reason}` : String(code);
          tracker.closed();
          inbox.close(code, reason);
          wake();
        },
        error: (message) => inbox.error(message),
      };
    },
    attach(inner) {
      socket = inner;
      return {
        send: (data) => void send(data),
        close: (code, reason) => inner.close(code, reason),
      };
    },
    async handshake(deadline) {
      if (handshakeDone) return undefined;
      const outcome = await waitFor(
        () => handshakeState() ?? (failure !== undefined || closed ? "" : undefined),
        deadline,
      );
      if (outcome !== "timeout" && outcome !== "") return outcome;
      if (failure) throw new ProtocolStepFailure(failure);
      if (closed)
        throw new ProtocolStepFailure(
          `The connection closed (${closedWith}) during the protocol's handshake`,
        );
      const what =
        config.protocol === "socketio"
          ? `namespace ${config.socketio?.namespace || "/"} to connect`
          : "connection_ack";
      throw new ProtocolStepFailure(`No ${what} before the step's time ran out`);
    },
    act(action) {
      if (closed)
        throw new ProtocolStepFailure(`The connection is closed (${closedWith}): nothing was sent`);
      const result = tracker.act(action);
      if (!result.ok) throw new ProtocolStepFailure(result.error);
      const serials: number[] = [];
      for (const frame of result.send) {
        const asks = send(frame)?.asks ?? [];
        // Replies to what a step asked are the step's: they queue here, not in the inbox.
        for (const serial of asks) replies.set(serial, []);
        serials.push(...asks);
      }
      return { serials, ...(result.id !== undefined ? { id: result.id } : {}) };
    },
    async nextReply(serial, deadline, namespace) {
      const queue = replies.get(serial) ?? [];
      const ended = (): { ended: string } | undefined => {
        if (closed) return { ended: `the connection closed (${closedWith})` };
        const gone = namespace !== undefined ? namespaceGone(namespace) : undefined;
        return gone !== undefined ? { ended: gone } : undefined;
      };
      return waitFor(() => queue.shift() ?? ended(), deadline);
    },
    release(serial) {
      replies.delete(serial);
      done.add(serial);
    },
    isRunning(id) {
      const state = tracker.status().session;
      if (state.protocol !== "graphql-ws") return false;
      const operation = state.operations.find((item) => item.id === id);
      return operation?.state === "waiting" || operation?.state === "active";
    },
  };
}
