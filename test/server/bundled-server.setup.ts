import { createServer, type RunningServer } from "../../echo-server/server.ts";

let server: RunningServer | undefined;

/**
 * vitest global setup: the bundled server on a free port, for tests that reach it the way a
 * user's project would (generated scenario tests read SOCKETSCOPE_WS).
 */
export async function setup() {
  server = await createServer({ port: 0 });
  process.env.SOCKETSCOPE_WS = server.url.replace(/^http/, "ws");
}

export async function teardown() {
  await server?.close();
}
