import { createRequire } from "node:module";
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { createServer, type RunningServer } from "../../echo-server/server.ts";

// This file imports no protocol library itself, and vitest runs each file in a fresh worker, so
// whatever of them is loaded was loaded by the server.
const cache = createRequire(import.meta.url).cache;
const loaded = (library: RegExp) => Object.keys(cache).some((path) => library.test(path));
const SOCKET_IO = /node_modules\/socket\.io\/dist\/index\.js$/;
const GRAPHQL = /node_modules\/graphql\/index\.js$/;

let server: RunningServer;
let ws = "";
beforeAll(async () => {
  server = await createServer({ port: 0 });
  ws = server.url.replace(/^http/, "ws");
});
afterAll(() => server.close());

/** Opens a socket, waits for its first frame, and closes it. */
async function firstFrame(url: string, protocols: string[] = []): Promise<string> {
  const socket = new WebSocket(url, protocols);
  try {
    return await new Promise<string>((resolve, reject) => {
      socket.once("message", (data) => resolve(String(data)));
      socket.once("open", () => {
        if (protocols.length > 0) socket.send('{"type":"connection_init"}');
      });
      socket.once("error", reject);
    });
  } finally {
    socket.close();
  }
}

it("loads socket.io and graphql only when their paths are first used", async () => {
  // The base server, its other endpoints and its API leave them unloaded.
  expect(await firstFrame(`${ws}/ticker?interval=50&count=1`)).toMatch(/"type":"tick"/);
  await (await fetch(`${server.url}/api/endpoints`)).json();
  expect([loaded(SOCKET_IO), loaded(GRAPHQL)]).toEqual([false, false]);

  expect(await firstFrame(`${ws}/socket.io/?EIO=4&transport=websocket`)).toMatch(/^0\{"sid":/);
  expect([loaded(SOCKET_IO), loaded(GRAPHQL)]).toEqual([true, false]);

  expect(await firstFrame(`${ws}/graphql`, ["graphql-transport-ws"])).toBe(
    '{"type":"connection_ack"}',
  );
  expect([loaded(SOCKET_IO), loaded(GRAPHQL)]).toEqual([true, true]);
});
