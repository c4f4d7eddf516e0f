import type {
  HeldFrame,
  TapClient,
  TapEvent,
  TapInfo,
  TapRule,
} from "../../../../echo-server/protocol/tap-wire.ts";

/** A client of a tap as the inspector lists it: open, or closed with how it ended. */
export interface TapClientView extends TapClient {
  closed?: { time: number; code: number; reason: string; side: "client" | "server" | "tap" };
}

/** What a tap tab knows of its tap, from the watch socket's events. */
export interface TapView {
  /** The tap, once its hello came. */
  info: TapInfo | undefined;
  /** Open clients, and the latest closed ones, by id. */
  clients: TapClientView[];
  rules: TapRule[];
  /** Frames held at a breakpoint, oldest first. */
  held: HeldFrame[];
  /** Frames the tap could not mirror to this tab because it read too slowly. */
  missed: number;
}

/** Closed clients kept in the list: a tap an app reconnects to all day must not grow it for ever. */
export const CLOSED_CLIENTS_KEPT = 50;

export const emptyTapView: TapView = {
  info: undefined,
  clients: [],
  rules: [],
  held: [],
  missed: 0,
};

/** The view after `event`; the view given is not changed. */
export function applyTapEvent(view: TapView, event: TapEvent): TapView {
  switch (event.type) {
    case "hello":
      return {
        ...view,
        info: event.tap,
        // Clients that closed while no one watched are not known; those seen before stay listed.
        clients: withClosedBounded([
          ...view.clients.filter((client) => client.closed),
          ...event.clients,
        ]),
        rules: event.rules,
        held: event.held,
      };
    case "client-open":
      return {
        ...view,
        clients: withClosedBounded([
          ...view.clients.filter((client) => client.id !== event.client.id),
          event.client,
        ]),
      };
    case "client-close":
      return {
        ...view,
        clients: withClosedBounded(
          view.clients.map((client) =>
            client.id === event.clientId
              ? {
                  ...client,
                  closed: {
                    time: event.time,
                    code: event.code,
                    reason: event.reason,
                    side: event.side,
                  },
                }
              : client,
          ),
        ),
      };
    case "clients": {
      const counts = new Map(event.clients.map((client) => [client.id, client]));
      return {
        ...view,
        clients: view.clients.map((client) => {
          const latest = counts.get(client.id);
          return latest && !client.closed
            ? { ...client, framesIn: latest.framesIn, framesOut: latest.framesOut }
            : client;
        }),
      };
    }
    case "rules":
      return { ...view, rules: event.rules };
    case "held":
      return { ...view, held: [...view.held, event.frame] };
    case "released":
      return { ...view, held: view.held.filter((frame) => frame.holdId !== event.holdId) };
    case "settings":
      return view.info
        ? { ...view, info: { ...view.info, holdTimeoutMs: event.holdTimeoutMs } }
        : view;
    case "missed":
      return { ...view, missed: view.missed + event.frames };
    case "control":
    case "error":
      return view;
  }
}

/** Clients by id, with only the CLOSED_CLIENTS_KEPT latest closed ones. */
function withClosedBounded(clients: TapClientView[]): TapClientView[] {
  const sorted = [...clients].sort((a, b) => a.id - b.id);
  let closed = sorted.filter((client) => client.closed).length;
  return sorted.filter((client) => !client.closed || closed-- <= CLOSED_CLIENTS_KEPT);
}
