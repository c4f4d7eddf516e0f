import { createSignal, onCleanup } from "solid-js";
import type { CaptureClient } from "../capture/capture-client.ts";
import { readDecoderSettings } from "../model/decoders/decoder-settings.ts";
import { batchesFromCapture } from "../model/formats/capture-convert.ts";
import type { Capture } from "../model/formats/capture-file.ts";
import { type PackedFrames, unpackFrames } from "../model/frames/packed-frames.ts";
import { createSession, noEnvironment, type Session, type SessionServices } from "./session.ts";
import type { SessionSettingsValue } from "./session-settings.ts";

/** Sessions open most at once: each holds a capture worker connection and a frame store. */
const MAX_SESSIONS = 20;

/** The open tabs, the active one, and the optional split view beside it. */
export interface Sessions {
  readonly list: () => Session[];
  readonly active: () => Session;
  select(id: number): void;
  /** Opens a tab (and selects it), with frames captured before; undefined when the limit is reached. */
  add(
    settings: Partial<SessionSettingsValue> & { url: string },
    capture?: Capture,
  ): Session | undefined;
  close(id: number): void;
  /** Replaces every tab with saved ones (on reload); saved decoders are the user's own, and run. */
  replaceAll(
    saved: {
      settings: SessionSettingsValue;
      frames?: PackedFrames[];
      capture?: Capture;
      decoders?: unknown;
    }[],
  ): void;
  /** The session shown beside the active one, if the view is split. */
  readonly splitWith: () => Session | undefined;
  setSplitWith(id: number | undefined): void;
}

/**
 * Tab state for the inspector, starting with one session. Each session lives in a root of its
 * own; disposing the owner of the tabs disposes every session still open.
 */
export function createSessions(
  client: CaptureClient,
  first: Partial<SessionSettingsValue> & { url: string },
  services: SessionServices = noEnvironment,
): Sessions {
  let nextId = 1;
  const initial = createSession(client, nextId++, first, services);
  const [list, setList] = createSignal<Session[]>([initial]);
  const [activeId, setActiveId] = createSignal(initial.id);
  const [splitId, setSplitId] = createSignal<number>();
  const find = (id: number | undefined) => list().find((session) => session.id === id);
  onCleanup(() => {
    for (const session of list()) session.dispose();
  });

  return {
    list,
    active: () => find(activeId()) ?? (list()[0] as Session),
    select: setActiveId,
    add(settings, capture) {
      if (list().length >= MAX_SESSIONS) return undefined;
      const session = createSession(client, nextId++, settings, services);
      if (capture) session.connection.load(batchesFromCapture(capture, session.id));
      // A file's custom decoder waits for the user to read and run it.
      if (capture?.decoders) session.decoders.load(capture.decoders, { trusted: false });
      setList([...list(), session]);
      setActiveId(session.id);
      return session;
    },
    replaceAll(saved) {
      const previous = list();
      const restored = saved.map(({ settings, frames, capture, decoders }) => {
        const session = createSession(client, nextId++, settings, services);
        const read = decoders === undefined ? undefined : readDecoderSettings(decoders, "decoders");
        if (read?.ok) session.decoders.load(read.value, { trusted: true });
        if (Array.isArray(frames))
          session.connection.load(frames.map((chunk) => unpackFrames(chunk, session.id)));
        // Records saved by builds before frames were packed in chunks hold a capture instead.
        else if (capture) session.connection.load(batchesFromCapture(capture, session.id));
        return session;
      });
      if (restored.length === 0) return;
      setList(restored);
      setActiveId(restored[0]?.id ?? 0);
      setSplitId(undefined);
      for (const session of previous) session.dispose();
    },
    close(id) {
      const session = find(id);
      if (!session || list().length === 1) return;
      const index = list().indexOf(session);
      const rest = list().filter((other) => other !== session);
      setList(rest);
      if (activeId() === id) setActiveId((rest[Math.max(0, index - 1)] ?? rest[0])?.id ?? 0);
      if (splitId() === id || splitId() === activeId()) setSplitId(undefined);
      session.dispose();
    },
    splitWith: () => {
      const other = find(splitId());
      return other && other.id !== activeId() ? other : undefined;
    },
    setSplitWith: setSplitId,
  };
}
