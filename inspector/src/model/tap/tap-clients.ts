import { groupThousands } from "../frames/bytes.ts";
import { formatClockTime } from "../log/time.ts";
import type { TapClientView } from "./tap-view.ts";

/** One client of a tap as its row in the client list shows it. */
export interface TapClientRow {
  id: number;
  /** "#3" */
  label: string;
  remote: string;
  /** Clock time it opened, at the tap. */
  opened: string;
  /** The app's frames to the server and back: "12 out · 10 in". */
  counts: string;
  /** "open", or how it closed: "closed 1000", "closed 4401 kicked (by the tap)". */
  state: string;
  /** The subprotocol in use, or "". */
  protocol: string;
}

const SIDES = { client: "by the app", server: "by the server", tap: "by the tap" } as const;

/** Formats a client for the list. */
export function tapClientRow(client: TapClientView): TapClientRow {
  const closed = client.closed;
  const reason = closed?.reason ? ` ${closed.reason}` : "";
  return {
    id: client.id,
    label: `#${client.id}`,
    remote: client.remote || "unknown address",
    opened: formatClockTime(client.openedAt),
    counts: `${groupThousands(client.framesOut)} out · ${groupThousands(client.framesIn)} in`,
    state: closed ? `closed ${closed.code}${reason} (${SIDES[closed.side]})` : "open",
    protocol: client.protocol,
  };
}

/** The clients a frame can be injected to: the open ones. */
export function injectableClients(clients: readonly TapClientView[]): TapClientView[] {
  return clients.filter((client) => !client.closed);
}
