import type { HandshakeReport } from "../../../../echo-server/protocol/relay-wire.ts";

/** One redirect the relay followed, as the handshake panel lists it. */
export interface RedirectHop {
  /** `GET wss://old.example/ws` */
  request: string;
  /** `301 Moved Permanently` */
  status: string;
  /** Where the answer sent the relay next; empty when the response named no Location. */
  location: string;
}

/** The redirects before a handshake's final request, in the order they were followed. */
export function redirectHops(report: HandshakeReport): RedirectHop[] {
  return (report.redirects ?? []).map(({ request, response }) => ({
    request: `${request.method} ${request.url}`,
    status: `${response.status} ${response.statusText}`.trim(),
    location: response.headers.find(([name]) => name.toLowerCase() === "location")?.[1] ?? "",
  }));
}
