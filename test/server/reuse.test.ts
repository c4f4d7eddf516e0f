import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import crossws from "crossws/adapters/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { echo } from "../../echo-server/endpoints/echo.ts";
import { rooms } from "../../echo-server/endpoints/rooms.ts";
import { openClient } from "./ws-client.ts";

// The exported hooks mounted the way a SolidStart/Nitro/h3 app would: a fresh crossws adapter
// of its own, with none of the bundled server's routing, policy or HTTP API.
let http: Server;
let base: string;

beforeAll(async () => {
  const echoAdapter = crossws({ hooks: echo });
  const roomsAdapter = crossws({ hooks: rooms });
  http = createServer((_request, response) => response.end("app"));
  http.on("upgrade", (request, socket, head) => {
    const adapter = request.url?.startsWith("/ws/rooms/") ? roomsAdapter : echoAdapter;
    adapter.handleUpgrade(request, socket, head);
  });
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  base = `ws://127.0.0.1:${(http.address() as AddressInfo).port}`;
});
afterAll(() => {
  http.closeAllConnections();
  http.close();
});

describe("endpoint hooks in an independent crossws adapter", () => {
  it("echo works as-is", async () => {
    const client = await openClient(`${base}/ws/echo`);
    client.ws.send("mounted elsewhere");
    expect(await client.next()).toEqual({ text: "mounted elsewhere" });
    client.ws.send(Buffer.from([7]));
    expect(await client.next()).toEqual({ binary: Buffer.from([7]) });
    client.ws.close();
  });

  it("rooms take the room from the last path segment and speak the protocol", async () => {
    const a = await openClient(`${base}/ws/rooms/team`);
    expect(await a.nextJson()).toMatchObject({ type: "welcome", room: "team" });
    await a.nextJson();
    a.ws.send("ping");
    expect(await a.next()).toEqual({ text: "pong" });
    a.ws.send("hello team");
    expect(await a.nextJson()).toMatchObject({ type: "message", room: "team", data: "hello team" });
    a.ws.close();
  });
});
