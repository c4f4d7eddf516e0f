import type { IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer } from "ws";

/**
 * A plain `ws` target for relay tests: wants `x-api-key: secret` (else 401; see `requireKey`), pings each client
 * once with "hello?", echoes frames with their opcode, closes with 4001 on "close-me" and drops the TCP connection (no close frame) on "drop-me". It
 * selects the first offered subprotocol, except that it selects none when offered "picky".
 */
export async function startTarget(
  options: {
    /** Want `x-api-key: secret`; without it anyone may connect (as a browser can). @default true */
    requireKey?: boolean;
  } = {},
): Promise<{ url: string; close(): Promise<void> }> {
  const requireKey = options.requireKey ?? true;
  const server = new WebSocketServer({
    port: 0,
    host: "127.0.0.1",
    verifyClient: (
      info: { req: IncomingMessage },
      done: (ok: boolean, code?: number, message?: string) => void,
    ) =>
      !requireKey || info.req.headers["x-api-key"] === "secret"
        ? done(true)
        : done(false, 401, "Unauthorized"),
    handleProtocols: (protocols: Set<string>) =>
      protocols.has("picky") ? false : (protocols.values().next().value ?? false),
  });
  server.on("connection", (socket) => {
    socket.ping(Buffer.from("hello?"));
    socket.on("message", (data, isBinary) => {
      if (!isBinary && data.toString() === "close-me") socket.close(4001, "as asked");
      else if (!isBinary && data.toString() === "drop-me") socket.terminate();
      else socket.send(data, { binary: isBinary });
    });
  });
  await new Promise((resolve) => server.once("listening", resolve));
  return {
    url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () =>
      new Promise((resolve) => {
        for (const client of server.clients) client.terminate();
        server.close(() => resolve());
      }),
  };
}
