import type { PairItem } from "../../../echo-server/protocol/pairing/pairing.ts";
import type {
  FrameReading,
  ProtocolAction,
  ProtocolSession,
  WireData,
} from "../../../echo-server/protocol/sessions/types.ts";

/** One step of a conversation with a session: a frame received, a frame sent, or an action. */
export type Step =
  | { in: WireData }
  | { out: WireData }
  | { act: ProtocolAction }
  | { open: string };

/** A frame as a transcript shows it: text in single quotes (cut at 60), bytes as `<01 02>`. */
export function show(data: WireData): string {
  if (typeof data === "string") return `'${data.length > 60 ? `${data.slice(0, 60)}…` : data}'`;
  return `<${[...data].map((byte) => byte.toString(16).padStart(2, "0")).join(" ")}>`;
}

function items(list: PairItem[] | undefined): string {
  if (!list) return "";
  return list
    .map(
      (item) =>
        ` {${item.role} ${item.key}${item.name ? ` ${JSON.stringify(item.name)}` : ""}${item.more ? " more" : ""}${item.error !== undefined ? ` error ${JSON.stringify(item.error)}` : ""}}`,
    )
    .join("");
}

function reading(read: FrameReading | undefined): string {
  if (!read) return "(not read)";
  return `${read.summary}${read.heartbeat ? " ♥" : ""}${items(read.items)}${read.problem ? `\n      !! ${read.problem}` : ""}`;
}

/**
 * Plays `steps` against `session` and writes what happened, one line per step: `←` a received
 * frame, `→` a sent one, `⇒` what the session answered or an action produced. Sent frames an
 * action produces are read as sent too, as the capture worker does.
 */
export function transcript(session: ProtocolSession, steps: Step[]): string {
  const lines: string[] = [];
  for (const step of steps) {
    if ("open" in step) {
      const opened = session.open(step.open);
      lines.push(
        `open ${JSON.stringify(step.open)}${opened.send.length ? ` ⇒ ${opened.send.map(show).join(" ")}` : ""}${opened.problem ? `\n      !! ${opened.problem}` : ""}`,
      );
      for (const frame of opened.send)
        lines.push(`  → ${show(frame)} ${reading(session.sent(frame))}`);
    } else if ("in" in step) {
      const { reading: read, send } = session.receive(step.in);
      lines.push(
        `← ${show(step.in)} ${reading(read)}${send.length ? ` ⇒ ${send.map(show).join(" ")}` : ""}`,
      );
      for (const frame of send) lines.push(`  → ${show(frame)} ${reading(session.sent(frame))}`);
    } else if ("out" in step) {
      lines.push(`→ ${show(step.out)} ${reading(session.sent(step.out))}`);
    } else {
      const result = session.act(step.act);
      if (!result.ok) lines.push(`act ${step.act.kind} ✗ ${result.error}`);
      else {
        lines.push(`act ${step.act.kind}${result.id !== undefined ? ` id ${result.id}` : ""}`);
        for (const frame of result.send)
          lines.push(`  → ${show(frame)} ${reading(session.sent(frame))}`);
      }
    }
  }
  return lines.join("\n");
}
