import { compileRegex } from "../../../../echo-server/protocol/regex.ts";
import { Direction, FrameKind, type StreamId } from "../frames/frame.ts";
import type { FrameStore } from "../frames/frame-store.ts";
import { previewControl, previewEvent, previewPayload } from "./preview.ts";

/** What the user asked the log to show. */
export interface FrameFilter {
  text: string;
  /** Treat `text` as a regular expression instead of a plain substring. */
  regex: boolean;
  sent: boolean;
  received: boolean;
  textFrames: boolean;
  binaryFrames: boolean;
  /** Open, error and reconnect events. */
  events: boolean;
  /** Ping, pong and close frames. */
  control: boolean;
  /** Only the frames and events of this stream (a tap's client); 0 shows every one. */
  stream: StreamId;
  /** A protocol's keep-alive frames (Engine.IO and GraphQL ping and pong); false folds them away. */
  heartbeats: boolean;
}

/** Everything shown. */
export const showAll: FrameFilter = {
  text: "",
  regex: false,
  sent: true,
  received: true,
  textFrames: true,
  binaryFrames: true,
  events: true,
  control: true,
  stream: 0,
  heartbeats: true,
};

/** A filter ready to test rows, or why it cannot be. */
export type CompiledFilter =
  | { ok: true; matchesAll: boolean; test(store: FrameStore, index: number): boolean }
  | { ok: false; error: string };

/** Escapes text so it matches itself inside a RegExp. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Compiles a filter. Text matches case-insensitively: a text frame's whole payload, and what
 * the log shows for binary frames (their hex preview) and events, and the text of the decoded
 * column when `column` gives one (by frame id). Returns an error, never throws, for an invalid
 * regular expression.
 */
export function compileFilter(
  filter: FrameFilter,
  column?: (id: number) => string | undefined,
): CompiledFilter {
  let pattern: RegExp | undefined;
  if (filter.text !== "") {
    const compiled = compileRegex(filter.regex ? filter.text : escapeRegExp(filter.text), "i");
    if (!compiled.ok) return compiled;
    pattern = compiled.regex;
  }
  const kindShown = new Uint8Array(16);
  kindShown[FrameKind.Text] = filter.textFrames ? 1 : 0;
  kindShown[FrameKind.Binary] = filter.binaryFrames ? 1 : 0;
  for (const kind of [FrameKind.Open, FrameKind.Error, FrameKind.Info])
    kindShown[kind] = filter.events ? 1 : 0;
  for (const kind of [FrameKind.Ping, FrameKind.Pong, FrameKind.Close])
    kindShown[kind] = filter.control ? 1 : 0;
  const directionShown = new Uint8Array(3);
  directionShown[Direction.None] = 1;
  directionShown[Direction.In] = filter.received ? 1 : 0;
  directionShown[Direction.Out] = filter.sent ? 1 : 0;
  const matchesAll =
    pattern === undefined &&
    filter.sent &&
    filter.received &&
    filter.textFrames &&
    filter.binaryFrames &&
    filter.events &&
    filter.control &&
    filter.stream === 0 &&
    filter.heartbeats !== false;
  const stream = filter.stream;
  // Filters saved before heartbeats existed have no such field: they show heartbeats.
  const hideHeartbeats = filter.heartbeats === false;

  return {
    ok: true,
    matchesAll,
    test(store, index) {
      const kind = store.kind(index);
      if (kindShown[kind] !== 1 || directionShown[store.direction(index)] !== 1) return false;
      if (stream !== 0 && store.stream(index) !== stream) return false;
      if (hideHeartbeats && store.note(index)?.heartbeat) return false;
      if (!pattern) return true;
      const decoded = column?.(store.id(index));
      if (decoded && pattern.test(decoded)) return true;
      const payload = store.payload(index);
      if (typeof payload === "string") return pattern.test(payload);
      if (payload !== null && (kind === FrameKind.Ping || kind === FrameKind.Pong)) {
        return pattern.test(previewControl(kind, payload));
      }
      if (payload !== null) return pattern.test(previewPayload(payload));
      const event = store.event(index);
      return event !== undefined && pattern.test(previewEvent(event));
    },
  };
}
