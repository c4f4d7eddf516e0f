import {
  directSubprotocolHint,
  type RelaySettings,
} from "../../../echo-server/protocol/relay-wire.ts";
import type {
  ScenarioConnector,
  ScenarioSocketEvents,
} from "../../../echo-server/protocol/scenario/runner.ts";
import { openDirect } from "./direct-transport.ts";
import { openViaRelay } from "./relay-transport.ts";
import type { SocketLike, Transport, TransportEvents } from "./transport.ts";

/** What the connector needs from the capture worker. */
export interface ScenarioConnectorHost {
  now(): number;
  openSocket(url: string, protocols: string[]): SocketLike;
}

/**
 * Scenarios in the capture worker: the engine's connections over the worker's own transports,
 * direct (a browser WebSocket) or through the bundled server's relay. The role `ws` plays for
 * the CLI (echo-server/scenario-node.ts). A browser cannot send handshake headers, so a client
 * that has some fails its connect step when the run is direct, and says how to run it.
 */
export function makeScenarioConnector(
  host: ScenarioConnectorHost,
  relay: RelaySettings | undefined,
): ScenarioConnector {
  return {
    connect({ url, protocols, headers }, events) {
      if (!relay && headers.length > 0) {
        const names = headers.map(([name]) => name).join(", ");
        queueMicrotask(() => {
          events.error(
            `A browser cannot send handshake headers (${names}): turn on Via relay to run this scenario with them`,
          );
          events.close(1006, "");
        });
        return { send() {}, close() {} };
      }
      const transportEvents = toScenarioEvents(events);
      let transport: Transport;
      try {
        transport = relay
          ? openViaRelay(
              (relayUrl) => host.openSocket(relayUrl, []) as unknown as WebSocket,
              url,
              protocols,
              { ...relay, connect: { ...relay.connect, headers } },
              transportEvents,
              host.now,
            )
          : openDirect(
              host.openSocket(url, protocols),
              protocols,
              transportEvents,
              host.now,
              directSubprotocolHint,
            );
      } catch (error) {
        // A URL the browser refuses outright (`new WebSocket` throws): no socket, so say so here.
        queueMicrotask(() => {
          events.error(`Cannot connect to ${url}: ${(error as Error).message}`);
          events.close(1006, "");
        });
        return { send() {}, close() {} };
      }
      return {
        send(data) {
          if (!transport.isOpen) return;
          transport.send(
            typeof data === "string"
              ? data
              : (data.buffer.slice(
                  data.byteOffset,
                  data.byteOffset + data.byteLength,
                ) as ArrayBuffer),
          );
        },
        close: (code, reason) => transport.close(code, reason),
      };
    },
  };
}

/** What a transport reports, as the engine hears it (times and control frames are not its concern). */
function toScenarioEvents(events: ScenarioSocketEvents): TransportEvents {
  return {
    open: (_time, info) => events.open(info.protocol),
    message: (_time, data) =>
      events.message(typeof data === "string" ? { text: data } : { bytes: new Uint8Array(data) }),
    sent() {},
    control() {},
    error: (_time, message, extra) =>
      events.error(extra?.diagnosis ? `${message}. ${extra.diagnosis}` : message),
    close: (_time, code, reason) => events.close(code, reason),
  };
}
