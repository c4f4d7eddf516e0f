import { createEffect, createMemo, createSignal, onCleanup } from "solid-js";
import type {
  TapClient,
  TapDirection,
  TapEvent,
  TapRule,
} from "../../../echo-server/protocol/tap-wire.ts";
import type { CaptureClient } from "../capture/capture-client.ts";
import { injectableClients } from "../model/tap/tap-clients.ts";
import { applyTapEvent, emptyTapView, type TapView } from "../model/tap/tap-view.ts";
import { tapWatchUrl } from "./tap-api.ts";

/** A tap tab: which tap; an imported capture of one is not watched. */
export interface TapTabSettings {
  name: string;
  /** The tab holds an imported capture: it shows the tap's traffic but never watches the tap. */
  imported?: boolean;
}

/** The tap's last refusal of a command: its words, and the field when it named one. */
export interface TapRefusal {
  message: string;
  field?: string;
  /** Counts refusals, so the same words twice still read as a new refusal. */
  serial: number;
}

/**
 * What a tap tab knows of its tap and what it can ask of it. The frames go to the tab's log
 * (see capture/tap-watch.ts); this holds the rest: the tap's clients, rules and held frames,
 * and where the composer injects.
 */
export interface TapState {
  readonly name: string;
  /** Where apps connect: `ws://127.0.0.1:7777/tap/<name>`. */
  readonly url: () => string;
  /** The real server; "" for a mock tap (or before the tap said). */
  readonly target: () => string;
  readonly view: () => TapView;
  /** The tap's latest refusal of a command from this tab. */
  readonly refusal: () => TapRefusal | undefined;
  /** Whether this tab may watch: false for an imported capture. */
  readonly live: boolean;
  watch(): void;
  stopWatching(): void;
  /** Replaces the tap's rules (the tap confirms with its own copy, which the view shows). */
  setRules(rules: TapRule[]): void;
  release(holdId: number, action: "forward" | "drop", payload?: string): void;
  setHoldTimeout(ms: number): void;
  /** Where the composer (and schedules, replays) inject: a client and a direction. */
  readonly injectClient: () => number | undefined;
  readonly injectDirection: () => TapDirection;
  setInjectClient(clientId: number | undefined): void;
  setInjectDirection(direction: TapDirection): void;
}

/**
 * Tap state for the tab whose connection is `connectionId`, in the caller's reactive root.
 * The composer injects toward the chosen client; while none is chosen, or the chosen one has
 * gone, it injects into the newest open client.
 *
 * The clients' frame counts come four times a second while apps talk; they are shown with the
 * next update of the log (`withNextViewUpdate`, the connection's), so a flood repaints the tab
 * once per update rather than once for the log and again for each count. Every other event
 * shows at once, after the counts that came before it.
 */
export function createTapState(
  client: CaptureClient,
  connectionId: number,
  settings: TapTabSettings,
  withNextViewUpdate: (apply: () => void) => void,
): TapState {
  const [view, setView] = createSignal<TapView>(emptyTapView);
  const [refusal, setRefusal] = createSignal<TapRefusal>();
  const [chosenClient, setChosenClient] = createSignal<number>();
  const [direction, setDirection] = createSignal<TapDirection>("s2c");
  let serial = 0;

  // The latest counts of each client, waiting for the view update. Counts are totals, so the
  // latest replaces the ones before it: a hidden page, which runs no view updates, keeps one
  // entry per client rather than four events a second.
  const counts = new Map<number, TapClient>();
  const showCounts = () => {
    if (counts.size === 0) return;
    const event: TapEvent = { type: "clients", clients: [...counts.values()] };
    counts.clear();
    setView((current) => applyTapEvent(current, event));
  };
  const stop = client.onReport(connectionId, (report) => {
    if (report.type !== "tap") return;
    const { event } = report;
    if (event.type === "clients") {
      if (counts.size === 0) withNextViewUpdate(showCounts);
      for (const tapClient of event.clients) counts.set(tapClient.id, tapClient);
      return;
    }
    showCounts();
    if (event.type === "error")
      setRefusal({
        message: event.message,
        ...(event.field !== undefined ? { field: event.field } : {}),
        serial: ++serial,
      });
    setView((current) => applyTapEvent(current, event));
  });
  onCleanup(stop);

  const injectClient = createMemo(() => {
    const open = injectableClients(view().clients);
    const chosen = chosenClient();
    if (chosen !== undefined && open.some((c) => c.id === chosen)) return chosen;
    return open.at(-1)?.id;
  });
  createEffect(() => {
    const clientId = injectClient();
    const toward = direction();
    client.setTapTarget(
      connectionId,
      clientId === undefined ? undefined : { clientId, direction: toward },
    );
  });

  const live = settings.imported !== true;
  const watch = () => {
    if (live) client.watchTap(connectionId, tapWatchUrl(settings.name));
  };
  if (live) queueMicrotask(watch);

  return {
    name: settings.name,
    url: () => view().info?.url ?? tapWatchUrl(settings.name).replace("/tap-watch/", "/tap/"),
    target: () => view().info?.target ?? "",
    view,
    refusal,
    live,
    watch,
    stopWatching: () => client.close(connectionId),
    setRules(rules) {
      client.tapCommand(connectionId, {
        type: "rules",
        rules: rules.map(({ id, match, action }) => ({ id, match, action })),
      });
    },
    release(holdId, action, payload) {
      client.tapCommand(connectionId, {
        type: "release",
        holdId,
        action,
        ...(payload !== undefined ? { payload } : {}),
      });
    },
    setHoldTimeout: (ms) =>
      client.tapCommand(connectionId, { type: "settings", holdTimeoutMs: ms }),
    injectClient,
    injectDirection: direction,
    setInjectClient: setChosenClient,
    setInjectDirection: setDirection,
  };
}
