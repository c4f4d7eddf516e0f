import { createEffect, createMemo, createSignal, on, onCleanup } from "solid-js";
import type { FrameNote, TrackerStatus } from "../../../echo-server/protocol/sessions/tracker.ts";
import type {
  FieldPairing,
  ProtocolAction,
  ProtocolConfig,
  ProtocolId,
} from "../../../echo-server/protocol/sessions/types.ts";
import type { CaptureClient } from "../capture/capture-client.ts";
import { makePairLinks } from "../model/protocol/pair-links.ts";
import { pairingCsv } from "../model/protocol/pairing-csv.ts";
import type { Connection } from "./connection.ts";
import type { LogState } from "./log.ts";

/** How an action went: sent (with the id it got), or why not. */
export type ActionOutcome = { ok: true; id?: string } | { ok: false; error: string };

/** Socket.IO's settings for the next connection: the namespace to join, and its auth payload. */
export interface SocketIoSettings {
  namespace: string;
  auth?: unknown;
}

/** A session's protocol as the views see it. */
export interface ProtocolState {
  /** What the user asked for: a protocol, or `auto` (detected). */
  readonly choice: () => ProtocolId | "auto";
  choose(choice: ProtocolId | "auto"): void;
  /** The capture worker's latest word on the protocol, its session and its pairs. */
  readonly status: () => TrackerStatus | undefined;
  /** The protocol spoken now. */
  readonly protocol: () => ProtocolId;
  readonly socketIo: () => SocketIoSettings;
  setSocketIo(settings: SocketIoSettings): void;
  readonly graphqlInit: () => unknown;
  setGraphqlInit(payload: unknown): void;
  /** Raw frames: the fields requests and replies pair on, if any. */
  readonly fields: () => FieldPairing | undefined;
  setFields(fields: FieldPairing | undefined): void;
  /** Whether replies can be paired, so the log has a Latency column. */
  readonly pairs: () => boolean;
  /** Asks the session to do something; resolves with how it went. */
  act(action: ProtocolAction): Promise<ActionOutcome>;
  resetStats(): void;
  /** True for the frames paired with the selected one (its request, or its replies). */
  isRelated(id: number): boolean;
  /** What the protocol made of frame `id`, while the log keeps it. */
  note(id: number): FrameNote | undefined;
  /** Epoch ms, ticking every second while requests are pending (for their age). */
  readonly now: () => number;
  /** The statistics per name, as CSV. */
  csv(): string;
}

let nextRequestId = 1;

/** How often the age of pending requests is redrawn. */
const CLOCK_MS = 1000;

/**
 * A session's protocol: what the user chose, what the worker reports, and the actions the
 * composers take. The worker keeps the protocol across reconnects, so settings go to it as
 * they change, not with each connect.
 */
export function createProtocol(
  client: CaptureClient,
  connectionId: number,
  connection: Connection,
  log: LogState,
): ProtocolState {
  const [choice, setChoice] = createSignal<ProtocolId | "auto">("auto");
  const [status, setStatus] = createSignal<TrackerStatus>();
  const [socketIo, setSocketIo] = createSignal<SocketIoSettings>({ namespace: "/" });
  const [graphqlInit, setGraphqlInit] = createSignal<unknown>();
  const [fields, setFields] = createSignal<FieldPairing>();
  const [linkRevision, setLinkRevision] = createSignal(0);
  const [now, setNow] = createSignal(Date.now());
  const waiting = new Map<number, (outcome: ActionOutcome) => void>();

  const config = (): ProtocolConfig => {
    const io = socketIo();
    const init = graphqlInit();
    const pairing = fields();
    return {
      protocol: choice(),
      socketio: { namespace: io.namespace, ...(io.auth !== undefined ? { auth: io.auth } : {}) },
      ...(init !== undefined ? { graphql: { initPayload: init } } : {}),
      ...(pairing ? { fields: pairing } : {}),
    };
  };
  createEffect(
    on(config, (value) => client.configureProtocol(connectionId, value), { defer: true }),
  );

  const stopReports = client.onReport(connectionId, (report) => {
    if (report.type === "protocol") setStatus(report.status);
    else if (report.type === "protocol-action") {
      waiting.get(report.requestId)?.(report.result);
      waiting.delete(report.requestId);
    }
  });
  onCleanup(stopReports);

  const links = makePairLinks();
  const stopAppends = connection.onAppend((batch, firstId) => {
    if (!batch.notes) return;
    for (const [offset, note] of batch.notes)
      if (note.asks || note.answers) links.add(firstId + offset, note);
    links.forgetBefore(connection.store.firstId);
    setLinkRevision((value) => value + 1);
  });
  onCleanup(stopAppends);

  const related = createMemo(() => {
    linkRevision();
    const id = log.selectedId();
    if (id === undefined) return new Set<number>();
    const index = connection.store.indexOf(id);
    return new Set(index < 0 ? [] : links.related(connection.store.note(index)));
  });

  const pending = () => status()?.pairing.pending ?? 0;
  createEffect(() => {
    if (pending() === 0) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), CLOCK_MS);
    onCleanup(() => clearInterval(timer));
  });

  const protocol = () => {
    const chosen = choice();
    return chosen === "auto" ? (status()?.protocol ?? "raw") : chosen;
  };

  return {
    choice,
    choose: setChoice,
    status,
    protocol,
    socketIo,
    setSocketIo,
    graphqlInit,
    setGraphqlInit,
    fields,
    setFields,
    pairs: () => protocol() !== "raw" || fields() !== undefined,
    act(action) {
      const requestId = nextRequestId++;
      return new Promise((resolve) => {
        waiting.set(requestId, resolve);
        client.protocolAction(connectionId, requestId, action);
      });
    },
    resetStats: () => client.resetProtocol(connectionId),
    isRelated: (id) => related().has(id),
    note(id) {
      connection.revision();
      const index = connection.store.indexOf(id);
      return index < 0 ? undefined : connection.store.note(index);
    },
    now,
    csv: () => pairingCsv(status()?.pairing.names ?? []),
  };
}
