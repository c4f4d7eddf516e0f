/**
 * The scenario steps that speak a protocol: `emit` (Socket.IO, with an ack), `subscribe`
 * (GraphQL, the next N messages) and `call` (JSON-RPC, its result or error). Each sends through
 * the client's protocol speaker and waits for the replies to its own request only.
 */
import {
  captureValues,
  describeFrame,
  expandIn,
  matchFrame,
  type ReceivedFrame,
} from "./matchers.ts";
import { type ProtocolSpeaker, ProtocolStepFailure } from "./protocol-speaker.ts";
import { needsProtocol } from "./schema.ts";
import type { ScenarioMatcher, ScenarioStep } from "./types.ts";

/** A step of the three kinds. */
export type ProtocolStep = Extract<
  ScenarioStep,
  { emit: unknown } | { subscribe: unknown } | { call: unknown }
>;

/** What a protocol step needs of its client's run. */
export interface ProtocolStepRun {
  speaker: ProtocolSpeaker | undefined;
  expand(template: string): string;
  timeoutMs: number;
  vars: Record<string, unknown>;
  now(): number;
  /** A matcher in words, for a failure's "expected" (the runner's own description). */
  describe(matcher: ScenarioMatcher): string;
}

/** Whether a step is one of the protocol steps. */
export function isProtocolStep(step: ScenarioStep): step is ProtocolStep {
  return "emit" in step || "subscribe" in step || "call" in step;
}

/** Runs a protocol step; resolves with a message for the report, throws on failure. */
export async function runProtocolStep(
  step: ProtocolStep,
  run: ProtocolStepRun,
): Promise<string | undefined> {
  const kind = "emit" in step ? "emit" : "subscribe" in step ? "subscribe" : "call";
  const { speaker } = run;
  if (!speaker) throw new ProtocolStepFailure(needsProtocol(kind));
  const deadline = run.now() + (step.within ?? run.timeoutMs);
  if ("emit" in step) return emit(step, speaker, run, deadline);
  if ("subscribe" in step) return subscribe(step, speaker, run, deadline);
  return call(step, speaker, run, deadline);
}

async function emit(
  step: Extract<ScenarioStep, { emit: unknown }>,
  speaker: ProtocolSpeaker,
  run: ProtocolStepRun,
  deadline: number,
): Promise<string | undefined> {
  const event = run.expand(step.emit.event);
  const wantsAck = step.expectAck !== undefined;
  const namespace =
    step.emit.namespace !== undefined ? run.expand(step.emit.namespace) : speaker.namespace;
  const { serials, id } = speaker.act({
    kind: "emit",
    event,
    args: expandIn(step.emit.args ?? [], run.expand) as unknown[],
    ack: wantsAck,
    namespace,
  });
  const serial = serials[0];
  if (!wantsAck || serial === undefined) return undefined;
  const expected =
    step.expectAck === true ? "an ack" : run.describe(step.expectAck as ScenarioMatcher);
  const reply = await speaker.nextReply(serial, deadline, namespace);
  speaker.release(serial);
  if (reply === "timeout")
    throw new ProtocolStepFailure(
      `No ack ${id} within ${step.within ?? run.timeoutMs} ms`,
      expected,
      "(nothing)",
    );
  if ("ended" in reply)
    throw new ProtocolStepFailure(`No ack ${id}: ${reply.ended}`, expected, `(${reply.ended})`);
  const frame: ReceivedFrame = { text: JSON.stringify(reply.value) };
  const message = `Ack ${id} in ${ms(reply.latencyMs)}`;
  if (step.expectAck === true) return capture(step.capture, frame, run, message);
  const outcome = matchFrame(step.expectAck as ScenarioMatcher, frame, run.expand);
  if (!outcome.ok)
    throw new ProtocolStepFailure(
      `Ack ${id}: ${outcome.reason}`,
      outcome.expected,
      outcome.received,
    );
  return capture(step.capture, frame, run, message);
}

async function subscribe(
  step: Extract<ScenarioStep, { subscribe: unknown }>,
  speaker: ProtocolSpeaker,
  run: ProtocolStepRun,
  deadline: number,
): Promise<string> {
  const started = run.now();
  const { serials, id = "" } = speaker.act({
    kind: "subscribe",
    query: run.expand(step.subscribe.query),
    ...(step.subscribe.variables !== undefined
      ? { variables: expandIn(step.subscribe.variables, run.expand) as Record<string, unknown> }
      : {}),
    ...(step.subscribe.operationName !== undefined
      ? { operationName: run.expand(step.subscribe.operationName) }
      : {}),
  });
  const serial = serials[0] ?? -1;
  const wanted = step.expectNext ?? 1;
  const expected = step.match ? run.describe(step.match) : `${wanted} next messages`;
  try {
    for (let count = 0; count < wanted; count++) {
      const reply = await speaker.nextReply(serial, deadline);
      if (reply === "timeout")
        throw new ProtocolStepFailure(
          `${count} of ${wanted} next messages came within ${step.within ?? run.timeoutMs} ms`,
          expected,
          "(nothing more)",
        );
      if ("ended" in reply)
        throw new ProtocolStepFailure(
          `${count} of ${wanted} next messages came, then ${reply.ended}`,
          expected,
          `(${reply.ended})`,
        );
      const received = JSON.stringify(reply.value, null, 2) ?? "(no payload)";
      if (reply.error !== undefined)
        throw new ProtocolStepFailure(
          `Operation ${id} reported an error: ${reply.error}`,
          expected,
          received,
        );
      if (!reply.more)
        throw new ProtocolStepFailure(
          `Operation ${id} completed after ${count} of ${wanted} next messages`,
          expected,
          "complete",
        );
      if (step.match) {
        const outcome = matchFrame(step.match, { text: JSON.stringify(reply.value) }, run.expand);
        if (!outcome.ok)
          throw new ProtocolStepFailure(
            `Next ${count + 1}: ${outcome.reason}`,
            outcome.expected,
            outcome.received,
          );
      }
    }
  } finally {
    speaker.release(serial);
    // A subscription that is still running is completed, unless the step says to keep it.
    if (step.complete !== false && speaker.isRunning(id)) {
      try {
        speaker.act({ kind: "complete", id });
      } catch {
        // The connection may have closed meanwhile; the step's own outcome stands.
      }
    }
  }
  return `${wanted} next ${wanted === 1 ? "message" : "messages"} in ${ms(run.now() - started)}`;
}

async function call(
  step: Extract<ScenarioStep, { call: unknown }>,
  speaker: ProtocolSpeaker,
  run: ProtocolStepRun,
  deadline: number,
): Promise<string | undefined> {
  const notification = step.call.notification === true;
  const { serials, id } = speaker.act({
    kind: "call",
    calls: [
      {
        method: run.expand(step.call.method),
        ...(step.call.params !== undefined
          ? { params: expandIn(step.call.params, run.expand) }
          : {}),
        notification,
      },
    ],
  });
  const serial = serials[0];
  if (notification || serial === undefined) return "Notified: no response is due";
  const wantsError = step.expectError !== undefined;
  const expected = wantsError
    ? `an error${typeof step.expectError === "object" && step.expectError.code !== undefined ? ` with code ${step.expectError.code}` : ""}`
    : step.expectResult
      ? run.describe(step.expectResult)
      : "a result";
  const reply = await speaker.nextReply(serial, deadline);
  speaker.release(serial);
  if (reply === "timeout")
    throw new ProtocolStepFailure(
      `No response to id ${id} within ${step.within ?? run.timeoutMs} ms`,
      expected,
      "(nothing)",
    );
  if ("ended" in reply)
    throw new ProtocolStepFailure(
      `No response to id ${id}: ${reply.ended}`,
      expected,
      `(${reply.ended})`,
    );
  const value = reply.value as { result?: unknown; error?: { code?: unknown } };
  const received = JSON.stringify(value, null, 2) ?? "";
  if ("error" in value) {
    if (!wantsError)
      throw new ProtocolStepFailure(`The call failed: ${reply.error}`, expected, received);
    const code = typeof step.expectError === "object" ? step.expectError.code : undefined;
    if (code !== undefined && value.error?.code !== code)
      throw new ProtocolStepFailure(
        `The error's code is ${String(value.error?.code)}, not ${code}`,
        expected,
        received,
      );
    return `Failed as expected: ${reply.error}`;
  }
  if (wantsError)
    throw new ProtocolStepFailure("The call succeeded; an error was expected", expected, received);
  const frame: ReceivedFrame = { text: JSON.stringify(value.result) ?? "null" };
  const message = `Result in ${ms(reply.latencyMs)}`;
  if (step.expectResult) {
    const outcome = matchFrame(step.expectResult, frame, run.expand);
    if (!outcome.ok)
      throw new ProtocolStepFailure(
        `Result: ${outcome.reason}`,
        outcome.expected,
        outcome.received,
      );
  }
  return capture(step.capture, frame, run, message);
}

/** Keeps values from a reply (read as JSON) in the run's variables. */
function capture(
  wanted: Record<string, string> | undefined,
  frame: ReceivedFrame,
  run: ProtocolStepRun,
  message: string,
): string {
  if (!wanted) return message;
  const captured = captureValues(wanted, { ok: true, groups: undefined, json: undefined }, frame);
  if (captured.missing.length > 0)
    throw new ProtocolStepFailure(
      `Could not capture ${captured.missing.join(", ")} from the reply`,
      undefined,
      describeFrame(frame),
    );
  Object.assign(run.vars, captured.values);
  return `${message}; captured ${Object.entries(captured.values)
    .map(([name, value]) => `${name} = ${JSON.stringify(value)}`)
    .join(", ")}`;
}

/** What a protocol step does, in a few words, for a step without a name. */
export function describeProtocolStep(step: ProtocolStep): string {
  if ("emit" in step)
    return `emit ${step.emit.event}${step.expectAck !== undefined ? " with ack" : ""}`;
  if ("subscribe" in step) {
    const query = step.subscribe.query.replace(/\s+/g, " ").trim();
    return `subscribe ${query.length > 50 ? `${query.slice(0, 50)}…` : query}, expect ${step.expectNext ?? 1} next`;
  }
  return `${step.call.notification ? "notify" : "call"} ${step.call.method}`;
}

function ms(value: number): string {
  return `${value.toFixed(value < 10 ? 2 : 1)} ms`;
}
