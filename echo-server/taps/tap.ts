import { Writable } from "node:stream";
import type { Peer } from "crossws";
import type WebSocket from "ws";
import { closeReason, isSendableCloseCode } from "../protocol/close-codes.ts";
import {
  type CompiledRule,
  compileRules,
  expandAction,
  type FrameProbe,
  nextCandidate,
  regexFlags,
} from "../protocol/tap-rules.ts";
import type {
  HeldFrame,
  TapClient,
  TapDirection,
  TapEvent,
  TapInfo,
  TapRule,
} from "../protocol/tap-wire.ts";
import type { WireSize } from "../protocol/wire-size.ts";
import { relayNow as now } from "../relay-dial.ts";
import type { WireMeter } from "../wire/wire-meter.ts";
import { Lane } from "./lane.ts";
import { MirrorBatch } from "./mirror-batch.ts";
import type { RegexSandbox } from "./regex-sandbox.ts";
import { Valve } from "./valve.ts";

/** Bytes queued toward a watching inspector tab before it misses frames (the app never waits for it). */
const WATCHER_HIGH_WATER_BYTES = 4 * 1024 * 1024;
/** Mirrored bytes that go out at once rather than at the end of the event-loop turn. */
const MIRROR_BATCH_BYTES = 256 * 1024;
/**
 * How long mirrored frames wait to go out together. Each watch message wakes the inspector's
 * page (its network process, its worker); at a few thousand frames a second, one message per
 * event-loop turn woke Chromium thousands of times a second, and on two cores that CPU came out
 * of the app's own latency (bench:tap: +0.6 ms p50 while watched, +0.3 ms unwatched). Each
 * message also has a fixed cost in the page (a task in the worker and one on the main thread, a
 * batch's columns): under a closed-loop flood, 8 ms rather than 4 took Chromium from about 2.0
 * to 1.6 us of CPU per echo. A person cannot see 8 ms; the frames keep the times taken at the tap.
 */
const MIRROR_FLUSH_MS = 8;
/** How often changed hit counts and client counts go out to the watchers. */
const STATS_EVERY_MS = 250;

/** The `ws` socket on either side of a tap client. */
type Socket = Pick<
  WebSocket,
  | "send"
  | "ping"
  | "pong"
  | "close"
  | "terminate"
  | "pause"
  | "resume"
  | "readyState"
  | "bufferedAmount"
>;

/** A data frame on its way through the tap. */
interface Frame {
  data: string | Buffer;
  binary: boolean;
  time: number;
  /** What it took on the wire from the target (s2c frames only). */
  wire?: WireSize;
}

/** How a frame is marked in the mirror. */
interface MirrorFlags {
  changed?: boolean;
  injected?: boolean;
  dropped?: boolean;
}

/** The marks, made once: a frame's path through the tap allocates nothing it need not. */
const PLAIN: MirrorFlags = {};
const CHANGED: MirrorFlags = { changed: true };
const DROPPED: MirrorFlags = { dropped: true };
const INJECTED: MirrorFlags = { injected: true };

/** One app connection through the tap, with its target connection (none for a mock tap). */
export interface TapClientState {
  info: TapClient;
  client: Socket;
  target: Socket | undefined;
  /** What frames take on the wire to and from the target. */
  meter: WireMeter | undefined;
  lanes: Record<TapDirection, Lane<Frame>>;
  /** Reading from the app, and from the target. */
  valves: Record<TapDirection, Valve | undefined>;
  closed: boolean;
}

/** A frame waiting at a breakpoint, and how to let it go. */
interface Hold {
  frame: HeldFrame;
  settle(how: "forward" | "drop" | "timeout", payload?: string): void;
}

/** What a tap needs from the server around it. */
export interface TapContext {
  /** Bytes a lane may queue (behind a held or delayed frame) before it stops reading its source. */
  highWaterBytes: number;
  /** Where rule regexes run, within a time budget. */
  sandbox: RegexSandbox;
}

/** The rule a frame met, and for replace and respond the text it sends. */
interface Hit {
  rule: TapRule;
  /** The expanded template, for replace and respond. */
  text: string | undefined;
}

/** A watching inspector tab: the frames it missed since it last got any. */
interface Watcher {
  missed: number;
}

const OPEN = 1;

/**
 * A named tap: its clients, the rules every frame goes through, breakpoints, and the inspector
 * tabs that watch it. Forwarding never waits for a watcher: a watcher that reads too slowly
 * misses frames and is told how many.
 */
export class Tap {
  readonly info: TapInfo;
  #rules: TapRule[] = [];
  #compiled: CompiledRule[] = [];
  #clients = new Map<number, TapClientState>();
  #nextClient = 1;
  #watchers = new Map<Peer, Watcher>();
  #held = new Map<number, Hold>();
  #nextHold = 1;
  #statsTimer: ReturnType<typeof setTimeout> | undefined;
  #hitsChanged = false;
  #countsChanged = false;
  #flushTimer: ReturnType<typeof setTimeout> | undefined;
  #pending = new MirrorBatch();

  constructor(
    info: TapInfo,
    private readonly context: TapContext,
  ) {
    this.info = info;
  }

  get clientCount(): number {
    return this.#clients.size;
  }

  get rules(): TapRule[] {
    return this.#rules;
  }

  /** Replaces the rules (already checked against the schema); their hit counts start at 0. */
  setRules(rules: TapRule[]): void {
    this.#rules = rules.map((rule) => ({ ...rule, hits: 0 }));
    this.#compiled = compileRules(this.#rules);
    this.#broadcast({ type: "rules", rules: this.#rules });
  }

  setHoldTimeout(ms: number): void {
    this.info.holdTimeoutMs = ms;
    this.#broadcast({ type: "settings", holdTimeoutMs: ms });
  }

  // --- clients -----------------------------------------------------------------------------

  /** Registers an app connection; `target` (and its meter) is undefined for a mock tap. */
  addClient(
    client: Socket,
    target: Socket | undefined,
    remote: string,
    protocol: string,
    meter?: WireMeter,
  ) {
    const id = this.#nextClient++;
    const info: TapClient = { id, remote, openedAt: now(), protocol, framesIn: 0, framesOut: 0 };
    const valves = {
      c2s: new Valve(client),
      s2c: target ? new Valve(target) : undefined,
    };
    const state: TapClientState = {
      info,
      client,
      target,
      meter,
      valves,
      closed: false,
      lanes: {
        c2s: new Lane(
          (frame) => this.#handle(state, "c2s", frame),
          this.context.highWaterBytes,
          (high) => valves.c2s.set("queue", high),
        ),
        s2c: new Lane(
          (frame) => this.#handle(state, "s2c", frame),
          this.context.highWaterBytes,
          (high) => valves.s2c?.set("queue", high),
        ),
      },
    };
    this.#clients.set(id, state);
    this.#broadcast({ type: "client-open", time: info.openedAt, client: info });
    return state;
  }

  /** A frame arrived from the app (c2s) or the target (s2c, with its wire size when measured). */
  receive(
    state: TapClientState,
    direction: TapDirection,
    data: string | Buffer,
    binary: boolean,
    wire?: WireSize,
  ) {
    if (state.closed) return;
    if (direction === "c2s") state.info.framesOut++;
    else state.info.framesIn++;
    if (!this.#countsChanged && this.#watchers.size > 0) {
      this.#countsChanged = true;
      this.#scheduleStats();
    }
    const bytes = typeof data === "string" ? data.length : data.byteLength;
    state.lanes[direction].push({ data, binary, time: now(), ...(wire ? { wire } : {}) }, bytes);
  }

  /** A ping or pong went by; it is passed on as it is and shown to the watchers. */
  control(state: TapClientState, direction: TapDirection, kind: "ping" | "pong", data: Buffer) {
    const to = direction === "c2s" ? state.target : state.client;
    if (to?.readyState === OPEN) kind === "ping" ? to.ping(data) : to.pong(data);
    this.#broadcast({
      type: "control",
      time: now(),
      clientId: state.info.id,
      direction,
      kind,
      data: data.toString("base64"),
    });
  }

  /**
   * One side closed: the other is closed with the same code and reason (a 1005 without a code,
   * a 1006 by cutting the connection, as it came).
   */
  closed(state: TapClientState, side: "client" | "server", code: number, reason: string) {
    if (state.closed) return;
    state.closed = true;
    const other = side === "client" ? state.target : state.client;
    if (other && other.readyState <= OPEN) {
      if (code === 1006) other.terminate();
      else if (isSendableCloseCode(code)) other.close(code, closeReason(reason));
      else other.close();
    }
    this.#forget(state);
    this.#broadcast({
      type: "client-close",
      time: now(),
      clientId: state.info.id,
      code,
      reason,
      side,
    });
  }

  #forget(state: TapClientState) {
    state.lanes.c2s.clear();
    state.lanes.s2c.clear();
    for (const hold of [...this.#held.values()])
      if (hold.frame.clientId === state.info.id) hold.settle("drop");
    this.#clients.delete(state.info.id);
  }

  // --- what happens to a frame -------------------------------------------------------------

  /** Applies the first matching rule; a promise holds the frames behind this one. */
  #handle(state: TapClientState, direction: TapDirection, frame: Frame): Promise<void> | undefined {
    if (state.closed) return undefined;
    if (this.#compiled.length === 0) {
      this.#forward(state, direction, frame.data, frame.binary, frame.time, false, frame.wire);
      return undefined;
    }
    const probe: FrameProbe = {
      frame: {
        direction,
        clientId: state.info.id,
        text: frame.binary ? undefined : textOf(frame.data),
      },
    };
    const hit = this.#match(this.#compiled, probe, 0);
    if (hit instanceof Promise)
      return hit.then((found) => this.#act(state, direction, frame, found));
    return this.#act(state, direction, frame, hit);
  }

  /**
   * The first rule from `from` on that `probe` meets. Conditions without a regex are checked
   * here; a regex runs in the sandbox, so a frame that needs one waits for it (the frames behind
   * wait too, in order). A regex that runs past its budget turns its rule off.
   */
  #match(
    rules: CompiledRule[],
    probe: FrameProbe,
    from: number,
  ): Hit | undefined | Promise<Hit | undefined> {
    const index = nextCandidate(rules, probe, from);
    if (index < 0) return undefined;
    const { rule } = rules[index] as CompiledRule;
    const text = probe.frame.text ?? "";
    const template =
      rule.action.type === "replace" || rule.action.type === "respond"
        ? rule.action.with
        : undefined;
    if (rule.match.regex === undefined)
      return { rule, text: template === undefined ? undefined : expandAction(template, text) };
    return this.context.sandbox
      .run({
        pattern: rule.match.regex,
        flags: regexFlags(rule.match),
        text,
        ...(template !== undefined ? { template } : {}),
      })
      .then((outcome) => {
        if (outcome.type === "match") return { rule, text: outcome.replaced };
        if (outcome.type === "stopped") this.#disable(rule, outcome.reason, probe.frame.clientId);
        return this.#match(rules, probe, index + 1);
      });
  }

  /** Turns a rule off and says why; the frame it was matching goes on to the next rules. */
  #disable(rule: TapRule, reason: string, clientId: number) {
    if (rule.disabled !== undefined || !this.#rules.includes(rule)) return;
    rule.disabled = `Turned off: ${reason} (client ${clientId}). Save the rules again to turn it back on.`;
    this.#broadcast({
      type: "error",
      time: now(),
      message: `Rule ${rule.id} ${reason}, so the tap turned it off`,
      field: `rules[${this.#rules.indexOf(rule)}].match.regex`,
    });
    this.#broadcast({ type: "rules", rules: this.#rules });
  }

  /** Does what the rule says (or forwards the frame when none matched). */
  #act(
    state: TapClientState,
    direction: TapDirection,
    frame: Frame,
    hit: Hit | undefined,
  ): Promise<void> | undefined {
    if (state.closed) return undefined;
    if (!hit) {
      this.#forward(state, direction, frame.data, frame.binary, frame.time, false, frame.wire);
      return undefined;
    }
    this.#countHit(hit.rule);
    const { action } = hit.rule;
    switch (action.type) {
      case "pass":
        this.#forward(state, direction, frame.data, frame.binary, frame.time, false, frame.wire);
        return undefined;
      case "drop":
        this.#mirror(state, direction, frame.data, frame.binary, frame.time, DROPPED, frame.wire);
        return undefined;
      case "delay":
        return new Promise<void>((resolve) => setTimeout(resolve, action.ms)).then(() =>
          this.#forward(state, direction, frame.data, frame.binary, now(), false, frame.wire),
        );
      case "replace":
        this.#forward(state, direction, hit.text ?? "", false, frame.time, true);
        return undefined;
      case "respond":
        this.#mirror(state, direction, frame.data, frame.binary, frame.time, DROPPED);
        this.#send(
          state,
          direction === "c2s" ? "s2c" : "c2s",
          hit.text ?? "",
          false,
          now(),
          INJECTED,
        );
        return undefined;
      case "close":
        this.#mirror(state, direction, frame.data, frame.binary, frame.time, DROPPED);
        this.#closeBoth(state, action.code, action.reason ?? "");
        return undefined;
      case "pause":
        return this.#hold(state, direction, frame, hit.rule.id);
    }
  }

  #closeBoth(state: TapClientState, code: number, reason: string) {
    if (state.closed) return;
    state.closed = true;
    for (const socket of [state.client, state.target])
      if (socket && socket.readyState <= OPEN) socket.close(code, closeReason(reason));
    this.#forget(state);
    this.#broadcast({
      type: "client-close",
      time: now(),
      clientId: state.info.id,
      code,
      reason,
      side: "tap",
    });
  }

  /** A breakpoint: the frame waits for the inspector, or for the hold timeout. */
  #hold(
    state: TapClientState,
    direction: TapDirection,
    frame: Frame,
    ruleId: string,
  ): Promise<void> {
    const holdId = this.#nextHold++;
    const held: HeldFrame = {
      holdId,
      clientId: state.info.id,
      direction,
      time: frame.time,
      binary: frame.binary,
      payload: frame.binary ? toBuffer(frame.data).toString("base64") : textOf(frame.data),
      ruleId,
    };
    return new Promise<void>((resolve) => {
      const timer = setTimeout(() => settle("timeout"), this.info.holdTimeoutMs);
      const settle = (how: "forward" | "drop" | "timeout", payload?: string) => {
        if (!this.#held.delete(holdId)) return;
        clearTimeout(timer);
        if (how === "drop") {
          this.#mirror(state, direction, frame.data, frame.binary, frame.time, DROPPED);
        } else if (payload !== undefined && payload !== held.payload) {
          const data = frame.binary ? Buffer.from(payload, "base64") : payload;
          this.#forward(state, direction, data, frame.binary, now(), true);
        } else {
          this.#forward(state, direction, frame.data, frame.binary, now(), false, frame.wire);
        }
        this.#broadcast({ type: "released", holdId, how });
        resolve();
      };
      this.#held.set(holdId, { frame: held, settle });
      this.#broadcast({ type: "held", frame: held });
    });
  }

  /** Lets a held frame go on (with its payload as edited) or drops it; false if no such hold. */
  release(holdId: number, action: "forward" | "drop", payload?: string): boolean {
    const hold = this.#held.get(holdId);
    if (!hold) return false;
    hold.settle(action, payload);
    return true;
  }

  /** Sends a frame from the inspector to the app (s2c) or the target (c2s), past the rules. */
  inject(clientId: number, direction: TapDirection, payload: string, binary: boolean): boolean {
    const state = this.#clients.get(clientId);
    if (!state || state.closed) return false;
    const data = binary ? Buffer.from(payload, "base64") : payload;
    this.#send(state, direction, data, binary, now(), INJECTED);
    return true;
  }

  /**
   * Passes a frame on to the other side, and shows it to the watchers; `wire` is what it took
   * on the wire from the target, shown with it unless a rule changed it.
   */
  #forward(
    state: TapClientState,
    direction: TapDirection,
    data: string | Buffer,
    binary: boolean,
    time: number,
    changed: boolean,
    wire?: WireSize,
  ) {
    this.#send(
      state,
      direction,
      data,
      binary,
      time,
      changed ? CHANGED : PLAIN,
      changed ? undefined : wire,
    );
  }

  #send(
    state: TapClientState,
    direction: TapDirection,
    data: string | Buffer,
    binary: boolean,
    time: number,
    flags: MirrorFlags,
    wire?: WireSize,
  ) {
    const to = direction === "c2s" ? state.target : state.client;
    if (to?.readyState === OPEN) {
      corkForThisTurn(to);
      if (direction === "c2s" && state.meter) {
        // Mirrored once written to the target, with what it took there (after compression).
        state.meter.whenWritten((written) =>
          this.#mirror(state, direction, data, binary, time, flags, written ?? wire),
        );
        to.send(data, { binary });
        this.#slowDown(state, direction, to);
        return;
      }
      to.send(data, { binary });
      this.#slowDown(state, direction, to);
    }
    this.#mirror(state, direction, data, binary, time, flags, wire);
  }

  /** The receiving side is slow: stop reading the sending side until it catches up. */
  #slowDown(state: TapClientState, direction: TapDirection, to: Socket) {
    const from = direction === "c2s" ? state.valves.c2s : state.valves.s2c;
    if (to.bufferedAmount > this.context.highWaterBytes)
      from?.closeWhile("downstream", () => to.bufferedAmount > this.context.highWaterBytes / 4);
  }

  // --- watchers ----------------------------------------------------------------------------

  addWatcher(peer: Peer): void {
    // Frames mirrored before this watcher came are not its to see.
    this.#flush();
    this.#watchers.set(peer, { missed: 0 });
    peer.send(
      JSON.stringify({
        type: "hello",
        tap: this.info,
        clients: [...this.#clients.values()].map((state) => state.info),
        rules: this.#rules,
        held: [...this.#held.values()].map((hold) => hold.frame),
      } satisfies TapEvent),
    );
  }

  removeWatcher(peer: Peer): void {
    this.#watchers.delete(peer);
  }

  /** Ends every client (1001) and every watcher: the tap is being removed. */
  close(reason: string): void {
    for (const state of [...this.#clients.values()]) this.#closeBoth(state, 1001, reason);
    this.#flush();
    for (const peer of this.#watchers.keys()) peer.close(1001, reason);
    this.#watchers.clear();
    clearTimeout(this.#statsTimer);
    clearTimeout(this.#flushTimer);
    this.#flushTimer = undefined;
  }

  /**
   * Shows a frame to the watchers. Frames go out together, MIRROR_FLUSH_MS after the first of
   * them (or sooner, when they add up to MIRROR_BATCH_BYTES).
   */
  #mirror(
    state: TapClientState,
    direction: TapDirection,
    data: string | Buffer,
    binary: boolean,
    time: number,
    flags: MirrorFlags,
    wire?: WireSize,
  ) {
    if (this.#watchers.size === 0) return;
    this.#pending.add(
      {
        binary,
        direction,
        clientId: state.info.id,
        time,
        injected: flags.injected === true,
        changed: flags.changed === true,
        dropped: flags.dropped === true,
        wire,
      },
      data,
    );
    if (this.#pending.bytes >= MIRROR_BATCH_BYTES) this.#flush();
    else if (this.#flushTimer === undefined)
      this.#flushTimer = setTimeout(this.#flushSoon, MIRROR_FLUSH_MS);
  }

  #flushSoon = () => {
    this.#flushTimer = undefined;
    this.#flush();
  };

  /**
   * Sends the waiting frames to every watcher that keeps up. One that has more than
   * WATCHER_HIGH_WATER_BYTES unread misses them, and is told how many before its next frames.
   */
  #flush() {
    const count = this.#pending.count;
    if (count === 0) return;
    const message = this.#pending.take();
    for (const [peer, watcher] of this.#watchers) {
      if (peer.bufferedAmount > WATCHER_HIGH_WATER_BYTES) {
        watcher.missed += count;
        // Told when it has caught up, even if no frame follows.
        this.#scheduleStats();
        continue;
      }
      this.#reportMissed(peer, watcher);
      peer.send(message);
    }
  }

  /** Tells a watcher how many frames it missed, before anything else it gets. */
  #reportMissed(peer: Peer, watcher: Watcher) {
    if (watcher.missed === 0) return;
    peer.send(JSON.stringify({ type: "missed", frames: watcher.missed } satisfies TapEvent));
    watcher.missed = 0;
  }

  /** Sends an event to every watcher, after the frames mirrored before it. */
  #broadcast(event: TapEvent) {
    if (this.#watchers.size === 0) return;
    this.#flush();
    const text = JSON.stringify(event);
    for (const peer of this.#watchers.keys()) peer.send(text);
  }

  #countHit(rule: TapRule) {
    rule.hits = (rule.hits ?? 0) + 1;
    if (this.#hitsChanged || this.#watchers.size === 0) return;
    this.#hitsChanged = true;
    this.#scheduleStats();
  }

  /**
   * Sends changed hit counts and client counts, at most every STATS_EVERY_MS, and tells
   * watchers that have caught up how many frames they missed.
   */
  #scheduleStats() {
    if (this.#statsTimer !== undefined) return;
    this.#statsTimer = setTimeout(() => {
      this.#statsTimer = undefined;
      for (const [peer, watcher] of this.#watchers) {
        if (watcher.missed === 0) continue;
        if (peer.bufferedAmount > WATCHER_HIGH_WATER_BYTES) this.#scheduleStats();
        else {
          this.#flush();
          this.#reportMissed(peer, watcher);
        }
      }
      if (this.#hitsChanged) this.#broadcast({ type: "rules", rules: this.#rules });
      if (this.#countsChanged)
        this.#broadcast({
          type: "clients",
          clients: [...this.#clients.values()].map((state) => state.info),
        });
      this.#hitsChanged = false;
      this.#countsChanged = false;
    }, STATS_EVERY_MS);
    this.#statsTimer.unref?.();
  }
}

/** Sockets corked on this turn of the event loop, uncorked together when its work is done. */
const corked: Writable[] = [];
const uncorkAll = () => {
  for (const socket of corked) socket.uncork();
  corked.length = 0;
};

/**
 * Corks the TCP socket under a `ws` socket until the current turn's work is done, so the frames
 * a tap passes on from one read (a pipelined burst) leave in one system call, not one each.
 */
function corkForThisTurn(socket: Socket) {
  const raw = (socket as { _socket?: unknown })._socket;
  if (!(raw instanceof Writable) || raw.writableCorked > 0 || raw.destroyed) return;
  raw.cork();
  if (corked.push(raw) === 1) process.nextTick(uncorkAll);
}

function textOf(data: string | Buffer): string {
  return typeof data === "string" ? data : data.toString("utf8");
}

function toBuffer(data: string | Buffer): Buffer {
  return typeof data === "string" ? Buffer.from(data) : data;
}
