import type { IncomingMessage } from "node:http";
import WebSocket from "ws";
import { describeRefusal, explainConnectError } from "./protocol/connect-errors.ts";
import type { ScenarioConnector } from "./protocol/scenario/runner.ts";
import { meterSocket, type WireMeter } from "./wire/wire-meter.ts";

/** How long the Node connector waits for a handshake. */
const HANDSHAKE_TIMEOUT_MS = 10_000;
/** Largest refused-upgrade body it reads for the message. */
const MAX_BODY_BYTES = 4096;

/**
 * Scenarios in Node: connections with the `ws` client, so headers go on the wire (a browser
 * cannot send them), refusals and network errors are explained in plain words, and each
 * received frame carries what it took on the wire (for `expect` steps with `wire`).
 */
export function wsConnector(options: { maxPayload?: number } = {}): ScenarioConnector {
  return {
    connect({ url, protocols, headers }, events) {
      let ws: WebSocket;
      try {
        ws = new WebSocket(url, protocols, {
          headers: Object.fromEntries(headers),
          handshakeTimeout: HANDSHAKE_TIMEOUT_MS,
          ...(options.maxPayload ? { maxPayload: options.maxPayload } : {}),
        });
      } catch (error) {
        queueMicrotask(() => {
          events.error(`Cannot connect to ${url}: ${(error as Error).message}`);
          events.close(1006, "");
        });
        return { send() {}, close() {} };
      }
      ws.binaryType = "nodebuffer";
      // A refusal is the whole story; the error ws raises as it gives up must not replace it.
      let refused = false;
      let meter: WireMeter | undefined;
      ws.on("open", () => {
        meter = meterSocket(ws);
        events.open(ws.protocol);
      });
      ws.on("message", (data: Buffer, isBinary: boolean) => {
        const wire = meter?.received();
        events.message({
          ...(isBinary ? { bytes: new Uint8Array(data) } : { text: data.toString("utf8") }),
          ...(wire ? { wire } : {}),
        });
      });
      ws.on("close", (code: number, reason: Buffer) => events.close(code, reason.toString()));
      ws.on("error", (error: NodeJS.ErrnoException) => {
        if (!refused) events.error(explainConnectError(error, url));
      });
      ws.on("unexpected-response", (_request, response: IncomingMessage) => {
        let body = "";
        response.on("data", (chunk: Buffer) => {
          if (body.length < MAX_BODY_BYTES) body += chunk.toString("utf8");
        });
        response.on("end", () => {
          refused = true;
          events.error(
            describeRefusal(response.statusCode ?? 0, response.statusMessage ?? "", body),
          );
          ws.terminate();
        });
      });
      return {
        send: (data) => {
          if (ws.readyState === WebSocket.OPEN) ws.send(data);
        },
        close: (code, reason) => {
          if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
          else ws.close(code, reason);
        },
      };
    },
  };
}
