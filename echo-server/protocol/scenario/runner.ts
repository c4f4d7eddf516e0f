/**
 * Runs a scenario: each client connects and plays its script, steps report as they go, and
 * barriers line the clients up. The one engine for the inspector (its capture worker connects
 * through the page's WebSocket or the relay) and the headless CLI (through `ws`): each passes a
 * connector, so the engine itself touches no socket API.
 */
import { closeReason } from "../close-codes.ts";
import { percentile } from "../rtt-stats.ts";
import { compileTemplate, missingReferences, type TemplateContext } from "../templates.ts";
import {
  captureValues,
  describeFrame,
  expandIn,
  matchFrame,
  type ReceivedFrame,
  wireProblem,
} from "./matchers.ts";
import { makeProtocolSpeaker, type ProtocolSpeaker, protocolConfig } from "./protocol-speaker.ts";
import { describeProtocolStep, isProtocolStep, runProtocolStep } from "./protocol-steps.ts";
import { STEP_KINDS } from "./schema.ts";
import type {
  Scenario,
  ScenarioClient,
  ScenarioMatcher,
  ScenarioPayload,
  ScenarioResult,
  ScenarioStep,
  StepResult,
  WireExpectation,
} from "./types.ts";

/** What a connector tells the engine about its socket. */
export interface ScenarioSocketEvents {
  open(protocol: string): void;
  message(frame: ReceivedFrame): void;
  close(code: number, reason: string): void;
  error(message: string): void;
}

/** A connection the engine can send on and close. */
export interface ScenarioSocket {
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
}

/** Opens connections for the engine. */
export interface ScenarioConnector {
  connect(
    target: { url: string; protocols: string[]; headers: [string, string][] },
    events: ScenarioSocketEvents,
  ): ScenarioSocket;
}

/** How to run. */
export interface RunOptions {
  connector: ScenarioConnector;
  /** `{{env.NAME}}`. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Each step as it starts (`running`) and ends. */
  onStep?: (result: StepResult) => void;
  /** Stops the run: running steps fail, the rest are skipped. */
  signal?: AbortSignal;
  /** Milliseconds, monotonic. @default performance.now */
  now?: () => number;
  /** Epoch milliseconds, for `{{now}}`. @default Date.now */
  epochNow?: () => number;
  random?: () => number;
  uuid?: () => string;
}

/** A step that did not pass, with what to show. */
class StepFailure extends Error {
  constructor(
    message: string,
    readonly expected?: string,
    readonly received?: string,
  ) {
    super(message);
  }
}

/** What a failed expect says it received when no frame came, or the connection closed. */
export const NOTHING_RECEIVED = "(nothing)";
export const CONNECTION_CLOSED = "(the connection closed)";

const DEFAULT_TIMEOUT_MS = 5000;
/**
 * Frames a client may hold unread (a wait on a busy stream, a script that never expects): past
 * either bound, the client's next read fails instead of the run growing without end.
 */
export const MAX_UNREAD_FRAMES = 100_000;
export const MAX_UNREAD_BYTES = 64 * 1024 * 1024;
const CLOSE_WAIT_MS = 2000;

/** Runs `scenario` (already checked by `checkScenario`) to the end; never throws. */
export async function runScenario(
  scenario: Scenario,
  options: RunOptions,
): Promise<ScenarioResult> {
  const now = options.now ?? (() => performance.now());
  const started = now();
  const clients: ScenarioClient[] = scenario.clients ?? [
    { name: "main", ...(scenario.url ? { url: scenario.url } : {}), steps: scenario.steps ?? [] },
  ];
  // No prototype: variables named `__proto__` or `constructor` are plain entries.
  const vars: Record<string, unknown> = Object.assign(Object.create(null), scenario.vars);
  const results: StepResult[] = [];
  const barriers = makeBarriers(clients);
  const report = (result: StepResult) => {
    const index = results.findIndex((r) => r.client === result.client && r.index === result.index);
    if (index >= 0) results[index] = result;
    else results.push(result);
    options.onStep?.({ ...result });
  };

  await Promise.all(
    clients.map((client) =>
      runClient(client, {
        scenario,
        options,
        vars,
        barriers,
        report,
        now,
      }),
    ),
  );
  return {
    name: scenario.name ?? "scenario",
    passed: results.every((result) => result.status === "passed"),
    steps: results,
    durationMs: now() - started,
    vars,
  };
}

interface ClientRun {
  scenario: Scenario;
  options: RunOptions;
  vars: Record<string, unknown>;
  barriers: Barriers;
  report(result: StepResult): void;
  now(): number;
}

async function runClient(client: ScenarioClient, run: ClientRun) {
  const { scenario, options, vars, now } = run;
  const timeoutMs = scenario.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let seq = 0;
  const context = (): TemplateContext => ({
    seq,
    now: (options.epochNow ?? Date.now)(),
    random: options.random ?? Math.random,
    uuid: options.uuid ?? (() => crypto.randomUUID()),
    env: options.env ?? {},
    vars,
  });
  const expand = (template: string): string => {
    const compiled = compileTemplate(template);
    if (!compiled.ok) throw new StepFailure(compiled.error);
    const missing = missingReferences(compiled.references, context());
    if (missing.length > 0)
      throw new StepFailure(
        `${missing.map((name) => `{{${name}}}`).join(", ")} ${missing.length === 1 ? "is" : "are"} not set`,
      );
    return compiled.expand(context());
  };

  const inbox = makeInbox(now);
  let socket: ScenarioSocket | undefined;
  // A client that speaks a protocol reads every frame through its session first.
  const protocol = client.protocol ?? scenario.protocol;
  let speaker: ProtocolSpeaker | undefined;
  const steps: { kind: string; name: string; run: () => Promise<string | undefined> }[] = [
    {
      kind: "connect",
      name: `connect to ${client.url ?? scenario.url}`,
      run: async () => {
        const url = expand(client.url ?? scenario.url ?? "");
        const headers = (client.headers ?? scenario.headers ?? []).map(
          ([name, value]) => [name, expand(value)] as [string, string],
        );
        const connectStarted = now();
        if (protocol !== undefined && protocol !== "raw")
          speaker = makeProtocolSpeaker(
            protocolConfig(protocol, (value) => expandIn(value, expand)),
            now,
          );
        const target = speaker?.target(url, client.protocols ?? scenario.protocols ?? []) ?? {
          url,
          protocols: client.protocols ?? scenario.protocols ?? [],
        };
        const opened = inbox.opened(timeoutMs);
        const connected = options.connector.connect(
          { url: target.url, protocols: target.protocols, headers },
          speaker ? speaker.events(inbox.events) : inbox.events,
        );
        socket = speaker ? speaker.attach(connected) : connected;
        const subprotocol = await opened;
        const handshake = await speaker?.handshake(connectStarted + timeoutMs);
        const open = subprotocol ? `Open (subprotocol ${subprotocol})` : "Open";
        return handshake ? `${open}; ${handshake}` : open;
      },
    },
    ...client.steps.map((step) => ({
      kind: kindOf(step),
      name: step.name ?? describeStep(step),
      run: () => {
        if (!socket) throw new StepFailure("Not connected");
        if (isProtocolStep(step))
          return runProtocolStep(step, {
            speaker,
            expand,
            timeoutMs,
            vars,
            now,
            describe: (matcher) => describeMatcher(matcher, expand),
          });
        return runStep(step, {
          socket,
          inbox,
          expand,
          timeoutMs,
          vars,
          run,
          client,
          nextSeq: () => ++seq,
        });
      },
    })),
  ];

  let failed = false;
  for (const [position, step] of steps.entries()) {
    const index = position - 1;
    const base = { client: client.name, index, kind: step.kind, name: step.name };
    if (failed || options.signal?.aborted) {
      run.report({
        ...base,
        status: "skipped",
        durationMs: 0,
        ...(options.signal?.aborted && !failed ? { message: "The run was stopped" } : {}),
      });
      continue;
    }
    const stepStarted = now();
    run.report({ ...base, status: "running", durationMs: 0 });
    try {
      const message = await abortable(step.run(), options.signal);
      run.report({
        ...base,
        status: "passed",
        durationMs: now() - stepStarted,
        ...(message ? { message } : {}),
      });
    } catch (error) {
      failed = true;
      // Failures from elsewhere (the protocol steps) may carry what was expected and received.
      const shown = error as { expected?: string; received?: string };
      const failure =
        error instanceof StepFailure
          ? error
          : new StepFailure(
              error instanceof Error ? error.message : String(error),
              shown?.expected,
              shown?.received,
            );
      run.report({
        ...base,
        status: "failed",
        durationMs: now() - stepStarted,
        message: failure.message,
        ...(failure.expected !== undefined ? { expected: failure.expected } : {}),
        ...(failure.received !== undefined ? { received: failure.received } : {}),
      });
    }
  }
  run.barriers.leave(client.name);
  if (!inbox.isClosed()) socket?.close(1000, "Scenario done");
}

interface StepRun {
  socket: ScenarioSocket;
  inbox: Inbox;
  expand(template: string): string;
  timeoutMs: number;
  vars: Record<string, unknown>;
  run: ClientRun;
  client: ScenarioClient;
  nextSeq(): number;
}

async function runStep(
  step: Exclude<ScenarioStep, Parameters<typeof runProtocolStep>[0]>,
  s: StepRun,
): Promise<string | undefined> {
  if ("send" in step) {
    s.nextSeq();
    const data = payloadOf(step.send, s.expand);
    if (s.inbox.isClosed())
      throw new StepFailure(`The connection is closed (${s.inbox.closeText()}): nothing was sent`);
    s.socket.send(data);
    return typeof data === "string" ? undefined : `${data.byteLength} bytes`;
  }
  if ("expect" in step) {
    const within = step.within ?? s.timeoutMs;
    const deadline = s.run.now() + within;
    for (;;) {
      // Checked before each frame too: a stream of frames to skip must not outlast `within`.
      const frame = s.run.now() >= deadline ? "timeout" : await s.inbox.next(deadline);
      if (frame === "overflow") throw new StepFailure(s.inbox.overflowText());
      if (frame === "timeout")
        throw new StepFailure(
          `Nothing ${step.skip ? "matching " : ""}came within ${within} ms`,
          describeMatcher(step.expect, s.expand),
          NOTHING_RECEIVED,
        );
      if (frame === "closed")
        throw new StepFailure(
          `The connection closed (${s.inbox.closeText()}) while waiting`,
          describeMatcher(step.expect, s.expand),
          CONNECTION_CLOSED,
        );
      const outcome = matchFrame(step.expect, frame, s.expand);
      if (outcome.ok && step.wire) {
        const problem = wireProblem(step.wire, frame);
        if (problem) throw new StepFailure(problem, describeWire(step.wire), describeFrame(frame));
      }
      if (outcome.ok) {
        if (step.capture) {
          const captured = captureValues(step.capture, outcome, frame);
          if (captured.missing.length > 0)
            throw new StepFailure(
              `Could not capture ${captured.missing.join(", ")} from the frame`,
              undefined,
              describeFrame(frame),
            );
          Object.assign(s.vars, captured.values);
          return `Captured ${Object.entries(captured.values)
            .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
            .join(", ")}`;
        }
        return undefined;
      }
      if (!step.skip) throw new StepFailure(outcome.reason, outcome.expected, outcome.received);
    }
  }
  if ("wait" in step) {
    await new Promise((resolve) => setTimeout(resolve, step.wait));
    return undefined;
  }
  if ("ping" in step) return runPing(step, s);
  if ("close" in step) {
    const code = typeof step.close === "number" ? step.close : (step.close.code ?? 1000);
    const reason = typeof step.close === "number" ? "" : (step.close.reason ?? "");
    if (s.inbox.isClosed())
      throw new StepFailure(`The connection was already closed (${s.inbox.closeText()})`);
    s.socket.close(code, closeReason(reason));
    await s.inbox.closed(s.run.now() + CLOSE_WAIT_MS);
    return `Closed (${s.inbox.closeText()})`;
  }
  if ("expectClose" in step) {
    const within = step.expectClose.within ?? s.timeoutMs;
    const closed = await s.inbox.closed(s.run.now() + within);
    if (!closed)
      throw new StepFailure(
        `The server did not close within ${within} ms`,
        `close ${step.expectClose.code ?? ""}`.trim(),
        "(still open)",
      );
    const code = s.inbox.closeCode();
    if (step.expectClose.code !== undefined && code !== step.expectClose.code)
      throw new StepFailure(
        `The server closed with ${code}, not ${step.expectClose.code}`,
        `close ${step.expectClose.code}`,
        `close ${s.inbox.closeText()}`,
      );
    return `Closed (${s.inbox.closeText()})`;
  }
  await s.run.barriers.arrive(step.barrier, s.client.name);
  return undefined;
}

/** A ping loop inside a scenario: RTTs of replies paired to pings, and the thresholds. */
async function runPing(
  step: Extract<ScenarioStep, { ping: unknown }>,
  s: StepRun,
): Promise<string> {
  const count = step.ping.count ?? 10;
  const interval = step.ping.interval ?? 100;
  const payloadTemplate = step.ping.payload ?? "ping {{seq}}";
  const outstanding: { text: string; sentAt: number }[] = [];
  const rtts: number[] = [];
  const pingStarted = s.run.now();
  let sent = 0;
  const replyTo = (frame: ReceivedFrame) => {
    if (outstanding.length === 0) return;
    const index = step.ping.match
      ? matchFrame(step.ping.match, frame, s.expand).ok
        ? 0
        : -1
      : outstanding.findIndex((ping) => ping.text === frame.text);
    if (index < 0) return;
    const [ping] = outstanding.splice(index, 1);
    if (ping) rtts.push(s.run.now() - ping.sentAt);
  };
  while (sent < count) {
    const due = pingStarted + sent * interval;
    for (;;) {
      const frame = s.run.now() >= due ? "timeout" : await s.inbox.next(due);
      if (frame === "timeout") break;
      if (frame === "overflow") throw new StepFailure(s.inbox.overflowText());
      if (frame === "closed")
        throw new StepFailure(
          `The connection closed (${s.inbox.closeText()}) during the ping loop`,
        );
      replyTo(frame);
    }
    s.nextSeq();
    const text = s.expand(payloadTemplate);
    outstanding.push({ text, sentAt: s.run.now() });
    s.socket.send(text);
    sent++;
  }
  const deadline = s.run.now() + (step.ping.timeout ?? 2000);
  while (outstanding.length > 0) {
    const frame = s.run.now() >= deadline ? "timeout" : await s.inbox.next(deadline);
    if (frame === "timeout" || frame === "closed") break;
    if (frame === "overflow") throw new StepFailure(s.inbox.overflowText());
    replyTo(frame);
  }
  const sorted = [...rtts].sort((a, b) => a - b);
  const lost = count - rtts.length;
  const median = percentile(sorted, 50);
  const p99 = percentile(sorted, 99);
  const summary = `${count} sent, ${rtts.length} received, ${lost} lost; median ${ms(median)}, p99 ${ms(p99)}`;
  const misses: string[] = [];
  if (step.lossAtMost !== undefined && lost > step.lossAtMost)
    misses.push(`${lost} lost, more than ${step.lossAtMost}`);
  if (step.p99Below !== undefined && !(p99 < step.p99Below))
    misses.push(`p99 ${ms(p99)} is not below ${step.p99Below} ms`);
  if (step.medianBelow !== undefined && !(median < step.medianBelow))
    misses.push(`median ${ms(median)} is not below ${step.medianBelow} ms`);
  if (misses.length > 0) throw new StepFailure(`${misses.join("; ")} (${summary})`);
  return summary;
}

function ms(value: number): string {
  return Number.isNaN(value) ? "–" : `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}

function payloadOf(
  payload: ScenarioPayload,
  expand: (template: string) => string,
): string | Uint8Array {
  if (typeof payload === "string") return expand(payload);
  if ("text" in payload) return expand(payload.text);
  if ("json" in payload) return JSON.stringify(expandIn(payload.json, expand));
  if ("hex" in payload) {
    const hex = payload.hex.replace(/\s+/g, "");
    const bytes = new Uint8Array(hex.length / 2);
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
    return bytes;
  }
  const binary = atob(payload.base64);
  return Uint8Array.from(binary, (char) => char.charCodeAt(0));
}

/** What a step does, in a few words, for a step without a name. */
export function describeStep(step: ScenarioStep): string {
  if ("send" in step) {
    const payload = step.send;
    const text =
      typeof payload === "string"
        ? payload
        : "text" in payload
          ? payload.text
          : "json" in payload
            ? JSON.stringify(payload.json)
            : "hex" in payload
              ? `hex ${payload.hex}`
              : "base64 data";
    return `send ${shorten(text)}`;
  }
  if ("expect" in step) return `expect ${shorten(describeMatcher(step.expect, (t) => t))}`;
  if ("wait" in step) return `wait ${step.wait} ms`;
  if ("ping" in step) return `ping ×${step.ping.count ?? 10} every ${step.ping.interval ?? 100} ms`;
  if ("close" in step)
    return `close ${typeof step.close === "number" ? step.close : (step.close.code ?? 1000)}`;
  if ("expectClose" in step)
    return `expect close${step.expectClose.code !== undefined ? ` ${step.expectClose.code}` : ""}`;
  if (isProtocolStep(step)) return describeProtocolStep(step);
  return `barrier ${step.barrier}`;
}

function kindOf(step: ScenarioStep): string {
  for (const kind of STEP_KINDS) if (kind in step) return kind;
  return "step";
}

function describeMatcher(matcher: ScenarioMatcher, expand: (template: string) => string): string {
  const safe = (template: string) => {
    try {
      return expand(template);
    } catch {
      return template;
    }
  };
  if ("text" in matcher) return safe(matcher.text);
  if ("contains" in matcher) return `…${safe(matcher.contains)}…`;
  if ("regex" in matcher) return `/${matcher.regex}/${matcher.flags ?? ""}`;
  if ("json" in matcher) return JSON.stringify(expandIn(matcher.json, safe), null, 2);
  if ("path" in matcher)
    return matcher.equals !== undefined
      ? `${matcher.path} = ${JSON.stringify(matcher.equals)}`
      : matcher.path;
  if ("hex" in matcher) return `hex ${matcher.hex}`;
  return "any frame";
}

function shorten(text: string): string {
  const line = text.replace(/\s+/g, " ");
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}

/** Frames received by one client, in order, each taken once; and its open and close. */
interface Inbox {
  events: ScenarioSocketEvents;
  opened(timeoutMs: number): Promise<string>;
  /** The next unread frame; "overflow" once more came than the inbox holds. */
  next(deadline: number): Promise<ReceivedFrame | "timeout" | "closed" | "overflow">;
  /** Why the inbox stopped taking frames. */
  overflowText(): string;
  closed(deadline: number): Promise<boolean>;
  isClosed(): boolean;
  closeCode(): number | undefined;
  closeText(): string;
}

function makeInbox(now: () => number): Inbox {
  const frames: ReceivedFrame[] = [];
  let unreadBytes = 0;
  let overflowed = false;
  const sizeOf = (frame: ReceivedFrame) => frame.bytes?.byteLength ?? frame.text?.length ?? 0;
  let wake: (() => void) | undefined;
  let close: { code: number; reason: string } | undefined;
  let error: string | undefined;
  let onOpen: ((protocol: string) => void) | undefined;
  let onFail: ((message: string) => void) | undefined;
  const notify = () => {
    const waiter = wake;
    wake = undefined;
    waiter?.();
  };
  const waitUntil = (deadline: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(
        () => {
          wake = undefined;
          resolve();
        },
        Math.max(0, deadline - now()),
      );
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  // An abnormal close (1006) has no reason on the wire; the error that caused it says why.
  const closeText = () =>
    !close
      ? ""
      : close.reason
        ? `${close.code} ${close.reason}`
        : error !== undefined && close.code === 1006
          ? `${close.code}: ${error}`
          : String(close.code);
  return {
    events: {
      open: (protocol) => onOpen?.(protocol),
      message: (frame) => {
        if (overflowed) return;
        const size = sizeOf(frame);
        if (frames.length >= MAX_UNREAD_FRAMES || unreadBytes + size > MAX_UNREAD_BYTES) {
          overflowed = true;
          frames.length = 0;
          unreadBytes = 0;
        } else {
          frames.push(frame);
          unreadBytes += size;
        }
        notify();
      },
      close: (code, reason) => {
        close = { code, reason };
        onFail?.(error ?? `The connection closed before it opened (${closeText()})`);
        notify();
      },
      error: (message) => {
        error = message;
      },
    },
    opened: (timeoutMs) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new StepFailure(`Not open within ${timeoutMs} ms`)),
          timeoutMs,
        );
        onOpen = (protocol) => {
          clearTimeout(timer);
          onFail = undefined;
          resolve(protocol);
        };
        onFail = (message) => {
          clearTimeout(timer);
          reject(new StepFailure(message));
        };
      }),
    async next(deadline) {
      for (;;) {
        if (overflowed) return "overflow";
        const frame = frames.shift();
        if (frame) {
          unreadBytes -= sizeOf(frame);
          return frame;
        }
        if (close) return "closed";
        if (now() >= deadline) return "timeout";
        await waitUntil(deadline);
      }
    },
    async closed(deadline) {
      while (!close && now() < deadline) await waitUntil(deadline);
      return close !== undefined;
    },
    overflowText: () =>
      `More frames came than this client holds unread (${MAX_UNREAD_FRAMES} frames or ${MAX_UNREAD_BYTES / (1024 * 1024)} MB): expect them as they come, or wait less`,
    isClosed: () => close !== undefined,
    closeCode: () => close?.code,
    closeText,
  };
}

/** Barriers: every client whose script names a barrier must reach it before any goes on. */
interface Barriers {
  arrive(name: string, client: string): Promise<void>;
  /** The client's script ended (passed or failed): barriers it never reached cannot open. */
  leave(client: string): void;
}

function makeBarriers(clients: ScenarioClient[]): Barriers {
  const members = new Map<string, Set<string>>();
  for (const client of clients)
    for (const step of client.steps)
      if ("barrier" in step) {
        const set = members.get(step.barrier) ?? new Set<string>();
        set.add(client.name);
        members.set(step.barrier, set);
      }
  const arrived = new Map<string, Set<string>>();
  const waiting = new Map<string, { resolve(): void; reject(error: Error): void }[]>();
  const broken = new Map<string, string>();
  /** The barrier each waiting client stands at. */
  const waitingAt = new Map<string, string>();
  const done = new Set<string>();
  const fail = (name: string, why: string) => {
    broken.set(name, why);
    for (const waiter of waiting.get(name) ?? []) waiter.reject(new StepFailure(why));
    waiting.delete(name);
    for (const [client, at] of waitingAt) if (at === name) waitingAt.delete(client);
  };
  const check = (name: string) => {
    const all = members.get(name) ?? new Set();
    const here = arrived.get(name) ?? new Set();
    if ([...all].every((client) => here.has(client))) {
      for (const waiter of waiting.get(name) ?? []) waiter.resolve();
      waiting.delete(name);
      for (const [client, at] of waitingAt) if (at === name) waitingAt.delete(client);
    }
  };
  /**
   * Every client still running waits at a barrier that cannot open: they wait for each other
   * (a meets x then y, b meets y then x). Nothing else would end the run, so it fails here.
   */
  const checkDeadlock = () => {
    const running = clients.filter((client) => !done.has(client.name));
    if (running.length === 0 || !running.every((client) => waitingAt.has(client.name))) return;
    const where = running.map((client) => `${client.name} at ${waitingAt.get(client.name)}`);
    const why = `The clients wait for each other (${where.join(", ")}): put the barriers in the same order in every client`;
    for (const name of new Set(waitingAt.values())) fail(name, why);
  };
  return {
    arrive(name, client) {
      const why = broken.get(name);
      if (why) return Promise.reject(new StepFailure(why));
      const here = arrived.get(name) ?? new Set<string>();
      here.add(client);
      arrived.set(name, here);
      return new Promise<void>((resolve, reject) => {
        const list = waiting.get(name) ?? [];
        list.push({ resolve, reject });
        waiting.set(name, list);
        waitingAt.set(client, name);
        check(name);
        checkDeadlock();
      });
    },
    leave(client) {
      done.add(client);
      for (const [name, all] of members) {
        if (!all.has(client) || arrived.get(name)?.has(client)) continue;
        fail(name, `Client ${client} ended before it reached barrier ${name}`);
      }
      checkDeadlock();
    },
  };
}

/** Rejects when `signal` aborts. */
function abortable<T>(promise: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return promise;
  return new Promise<T>((resolve, reject) => {
    if (signal.aborted) return reject(new StepFailure("The run was stopped"));
    const onAbort = () => reject(new StepFailure("The run was stopped"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** A wire expectation as the failure shows it. */
function describeWire(wire: WireExpectation) {
  return JSON.stringify({ wire });
}
