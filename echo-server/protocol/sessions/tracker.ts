/**
 * One connection's protocol, end to end: which protocol (chosen, or detected), the session that
 * speaks it, and the pairing of its requests and replies. Every frame that goes by gets a note
 * (what it is, what it asks or answers, the reply's latency); what the session must answer on
 * its own comes back as frames to send. The capture worker and the scenario runner both drive
 * one per connection, so the inspector and the CLI read a protocol the same way.
 */
import {
  makePairing,
  type PairingLimits,
  type PairingSnapshot,
  type PairOutcome,
} from "../pairing/pairing.ts";
import {
  DETECTION_FRAMES,
  type Detection,
  detectFromFrame,
  detectFromSubprotocol,
  detectFromTarget,
  type PreparedTarget,
  prepareTarget,
} from "./detect.ts";
import { makeGraphqlSession } from "./graphql-ws.ts";
import { makeJsonRpcSession } from "./jsonrpc.ts";
import { makeRawSession } from "./raw.ts";
import { makeSocketIoSession } from "./socketio.ts";
import type {
  ActionResult,
  FrameReading,
  ProtocolAction,
  ProtocolConfig,
  ProtocolId,
  ProtocolSession,
  SessionState,
  WireData,
} from "./types.ts";

/** What the log keeps beside a frame that a protocol read. */
export interface FrameNote {
  protocol: ProtocolId;
  /** What the frame is, in one line. */
  summary: string;
  /** Keep-alive traffic the log can fold away. */
  heartbeat?: true;
  /** How the frame breaks the protocol, or could not be paired. */
  problem?: string;
  /** Serials of the requests the frame makes (one, or several in a batch). */
  asks?: number[];
  /** Serials of the requests the frame answers. */
  answers?: number[];
  /** Time since its request, for a reply (the first one of a batch), in ms. */
  latencyMs?: number;
  /** The reply reports an error. */
  error?: string;
}

/** A reply a received frame carried, paired with its request, with what it said. */
export interface PairedReply {
  /** The request's serial (as in the notes' `asks`). */
  serial: number;
  /** Since the request, in ms. */
  latencyMs: number;
  /** Decoded: an ack's arguments, a next's payload, a JSON-RPC `{result}` or `{error}`. */
  value: unknown;
  error?: string;
  /** More replies may follow (a GraphQL next). */
  more: boolean;
}

/** A tracker's state for the UI: the protocol, how it was settled, the session and the pairs. */
export interface TrackerStatus {
  protocol: ProtocolId;
  /** `chosen` by the user, `detected` (see `reason`), or `default` (raw, nothing detected). */
  source: "chosen" | "detected" | "default";
  reason?: string;
  session: SessionState;
  pairing: PairingSnapshot;
  /** Frames that broke the protocol so far, and the latest problem. */
  problems: number;
  lastProblem?: string;
}

/** A protocol spoken on one connection, with its pairing. */
export interface ProtocolTracker {
  /** Takes new settings; a different protocol starts a new session (pending requests stay). */
  configure(config: ProtocolConfig): void;
  /** Before dialing (each attempt): the URL and subprotocols to use. Starts a new session. */
  target(url: string, protocols: readonly string[]): PreparedTarget;
  /** The socket opened: frames to send first, and what to tell the user. */
  open(subprotocol: string, time: number): { send: WireData[]; info: string[] };
  /**
   * A received frame: its note, what the session answers at once, the replies it carried (for
   * a scenario step waiting on one) and the application message it completes, decoded (see
   * `FrameReading.message`); the capture worker uses the note only.
   */
  receive(
    data: WireData,
    time: number,
  ): { note?: FrameNote; send: WireData[]; replies?: PairedReply[]; message?: unknown };
  /** A frame that left: its note. */
  sent(data: WireData, time: number): FrameNote | undefined;
  act(action: ProtocolAction): ActionResult;
  /** The connection closed: requests still waiting are counted unanswered. */
  closed(): void;
  /** Forgets the statistics. */
  resetStats(): void;
  status(): TrackerStatus;
  /**
   * Whether frames still mean anything to it: false once a raw session without field pairing
   * is past guessing the protocol, so a flood of raw frames costs the capture nothing here.
   */
  readonly reads: boolean;
  /** The protocol spoken now. */
  readonly protocol: ProtocolId;
  /** Changes whenever the status may have. */
  readonly revision: number;
}

/** A tracker with `config`; `limits` bound its pairing. */
export function makeProtocolTracker(
  initial: ProtocolConfig = { protocol: "auto" },
  limits: Partial<PairingLimits> = {},
): ProtocolTracker {
  let config = initial;
  const pairing = makePairing(limits);
  let detection: Detection | undefined;
  let session = sessionFor(currentProtocol());
  /** Frames looked at for a guess on this connection. */
  let examined = 0;
  let problems = 0;
  let lastProblem: string | undefined;
  let revision = 0;

  function currentProtocol(): ProtocolId {
    return config.protocol !== "auto" ? config.protocol : (detection?.protocol ?? "raw");
  }

  function sessionFor(protocol: ProtocolId): ProtocolSession {
    switch (protocol) {
      case "socketio":
        return makeSocketIoSession(config.socketio ?? {});
      case "graphql-ws":
        return makeGraphqlSession(config.graphql ?? {});
      case "jsonrpc":
        return makeJsonRpcSession();
      default:
        return makeRawSession(config.fields);
    }
  }

  /** Switches to a detected protocol, unless one is chosen or already known. */
  function detected(guess: Detection | undefined): boolean {
    if (!guess || config.protocol !== "auto" || session.protocol !== "raw") return false;
    detection = guess;
    session = sessionFor(guess.protocol);
    return true;
  }

  function note(
    reading: FrameReading | undefined,
    time: number,
    replies?: PairedReply[],
  ): FrameNote | undefined {
    if (!reading) return undefined;
    const asks: number[] = [];
    const answers: number[] = [];
    const pairProblems: string[] = [];
    let latencyMs: number | undefined;
    let error: string | undefined;
    for (const item of reading.items ?? []) {
      const outcome: PairOutcome = pairing.record(item, time);
      if ("problem" in outcome && outcome.problem) pairProblems.push(outcome.problem);
      if (outcome.role === "request") asks.push(outcome.serial);
      else if (outcome.role === "reply" && outcome.serial !== undefined) {
        answers.push(outcome.serial);
        latencyMs ??= outcome.latencyMs;
        replies?.push({
          serial: outcome.serial,
          latencyMs: outcome.latencyMs,
          value: item.value,
          more: item.more === true,
          ...(item.error !== undefined ? { error: item.error } : {}),
        });
      }
      if (item.role === "reply" && item.error !== undefined) error ??= item.error;
    }
    const problem = [reading.problem, ...pairProblems].filter(Boolean).join("; ");
    if (problem) {
      problems++;
      lastProblem = problem;
    }
    return {
      protocol: session.protocol,
      summary: reading.summary,
      ...(reading.heartbeat ? { heartbeat: true as const } : {}),
      ...(problem ? { problem } : {}),
      ...(asks.length > 0 ? { asks } : {}),
      ...(answers.length > 0 ? { answers } : {}),
      ...(latencyMs !== undefined ? { latencyMs } : {}),
      ...(error !== undefined ? { error } : {}),
    };
  }

  /** Looks at one of the first frames for a guess; true when it switched the protocol. */
  function guessFrom(data: WireData, from: "server" | "client"): boolean {
    if (config.protocol !== "auto" || session.protocol !== "raw" || examined >= DETECTION_FRAMES)
      return false;
    examined++;
    return detected(detectFromFrame(data, from));
  }

  return {
    configure(next) {
      const before = currentProtocol();
      config = next;
      if (next.protocol !== "auto") detection = undefined;
      if (currentProtocol() !== before || before === "raw") {
        pairing.abandon();
        session = sessionFor(currentProtocol());
      }
      revision++;
    },
    target(url, protocols) {
      revision++;
      examined = 0;
      if (config.protocol === "auto") detection = detectFromTarget(url, protocols);
      session = sessionFor(currentProtocol());
      return prepareTarget(session.protocol, url, protocols);
    },
    open(subprotocol) {
      revision++;
      detected(detectFromSubprotocol(subprotocol));
      const opened = session.open(subprotocol);
      if (opened.problem) {
        problems++;
        lastProblem = opened.problem;
      }
      return { send: opened.send, info: opened.problem ? [opened.problem] : [] };
    },
    receive(data, time) {
      revision++;
      guessFrom(data, "server");
      const { reading, send } = session.receive(data);
      const replies: PairedReply[] = [];
      const read = note(reading, time, replies);
      return {
        ...(read ? { note: read } : {}),
        send,
        ...(replies.length > 0 ? { replies } : {}),
        ...(reading?.message !== undefined ? { message: reading.message } : {}),
      };
    },
    sent(data, time) {
      revision++;
      guessFrom(data, "client");
      return note(session.sent(data), time);
    },
    act(action) {
      revision++;
      return session.act(action);
    },
    closed() {
      revision++;
      pairing.abandon();
    },
    resetStats() {
      revision++;
      pairing.reset();
      problems = 0;
      lastProblem = undefined;
    },
    status() {
      const protocol = session.protocol;
      const source = config.protocol !== "auto" ? "chosen" : detection ? "detected" : "default";
      return {
        protocol,
        source,
        ...(source === "detected" && detection ? { reason: detection.reason } : {}),
        session: session.state(),
        pairing: pairing.snapshot(),
        problems,
        ...(lastProblem ? { lastProblem } : {}),
      };
    },
    get reads() {
      const guessing = config.protocol === "auto" && examined < DETECTION_FRAMES;
      return guessing || session.passive !== true;
    },
    get protocol() {
      return session.protocol;
    },
    get revision() {
      return revision;
    },
  };
}
