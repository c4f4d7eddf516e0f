import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import crossws from "crossws/adapters/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeFailureBoundary } from "../../echo-server/failure-boundary.ts";
import { makeStats } from "../../echo-server/stats.ts";
import { openClient, rejectedUpgrade } from "./ws-client.ts";

/** A crossws endpoint whose hooks throw on cue, behind the boundary, on a real socket. */
const stats = makeStats();
const logged: string[] = [];
let server: Server;
let base = "";

beforeAll(async () => {
  const boundary = makeFailureBoundary(stats, (line) => logged.push(line));
  const adapter = crossws({
    hooks: boundary.hooks("/fragile", {
      upgrade(request) {
        if (request.url.includes("broken")) throw new TypeError("upgrade bug");
      },
      message(peer, message) {
        const text = message.text();
        if (text === "throw") throw new RangeError("Maximum call stack size exceeded");
        if (text === "reject") return Promise.reject(new Error("async bug"));
        peer.send(text);
      },
    }),
  });
  server = createServer();
  server.on("upgrade", (request, socket, head) => {
    adapter.handleUpgrade(request, socket, head);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => server.close());

describe("the failure boundary on real sockets", () => {
  it.each(["throw", "reject"])(
    "a hook that fails (%s) closes only its peer with 1011; the others go on",
    async (cue) => {
      const [victim, bystander] = await Promise.all([openClient(base), openClient(base)]);
      victim.ws.send(cue);
      expect(await victim.closed).toEqual({ code: 1011, reason: "Internal error" });
      bystander.ws.send("still here");
      expect(await bystander.next()).toEqual({ text: "still here" });
      bystander.ws.close();
    },
  );

  it("an upgrade hook that throws answers 500 and is counted", async () => {
    expect((await rejectedUpgrade(`${base}/broken`)).status).toBe(500);
    expect(stats.errorsBy["/fragile upgrade"]).toBe(1);
    expect(stats.errorsBy["/fragile message"]).toBe(2);
    expect(logged).toContain(
      "socketscope: /fragile upgrade: TypeError: upgrade bug (the peer or request was ended; the server goes on)",
    );
  });
});
