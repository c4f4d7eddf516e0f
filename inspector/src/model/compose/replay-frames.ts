import { Direction, FrameKind } from "../frames/frame.ts";
import type { FrameStore } from "../frames/frame-store.ts";

/** The data frames a session sent, with their offsets from the first, ready to replay. */
export function sentFrames(
  store: FrameStore,
): { offsetMs: number; payload: string | ArrayBuffer }[] {
  const frames: { offsetMs: number; payload: string | ArrayBuffer }[] = [];
  let first: number | undefined;
  for (let index = 0; index < store.length; index++) {
    const kind = store.kind(index);
    const payload = store.payload(index);
    if (store.direction(index) !== Direction.Out || payload === null) continue;
    if (kind !== FrameKind.Text && kind !== FrameKind.Binary) continue;
    first ??= store.time(index);
    // Binary payloads are copied: the replay transfers nothing out of the log.
    frames.push({
      offsetMs: store.time(index) - first,
      payload: typeof payload === "string" ? payload : payload.slice(0),
    });
  }
  return frames;
}
