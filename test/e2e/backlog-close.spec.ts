import type { AddressInfo } from "node:net";
import { expect, test } from "@playwright/test";
import { WebSocketServer } from "ws";
import { expectStatus } from "./helpers.ts";

// What a page sees when a `ws` server's closeTimeout cuts off a backlog (reproduced with a slow
// consumer by bench/inspector/drain-1006.mjs): frames arriving without a pause for longer than
// ws's 30 s wait, then the connection ends with no close frame. This server plays exactly that:
// 2,000 frames/s for 31 s, then it destroys the socket, as ws does when its wait runs out.
test("a 1006 that cuts off a long unbroken stream is explained as a backlog", async ({ page }) => {
  test.setTimeout(90_000);
  const server = new WebSocketServer({ port: 0, host: "127.0.0.1" });
  server.on("connection", (socket) => {
    const start = Date.now();
    let sent = 0;
    const timer = setInterval(() => {
      const due = Math.floor(((Date.now() - start) * 2000) / 1000);
      while (sent < due) socket.send(`frame ${++sent}`);
      if (Date.now() - start >= 31_000) {
        clearInterval(timer);
        socket.terminate();
      }
    }, 5);
    socket.on("close", () => clearInterval(timer));
  });
  await new Promise((resolve) => server.once("listening", resolve));
  try {
    await page.goto("/");
    await page
      .getByRole("textbox", { name: "WebSocket URL" })
      .fill(`ws://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await page.getByRole("button", { name: "Connect" }).click();
    await expectStatus(page, "Open");
    await expect(page.getByRole("status", { name: "Connection status" })).toHaveText(
      /^Closed \(1006 Abnormal Closure\)/,
      { timeout: 60_000 },
    );
    const why = page.getByRole("alert", { name: "Why the connection failed" });
    await expect(why).toContainText(
      "The connection dropped without a close frame (1006) while frames were still pouring in:",
    );
    await expect(why).toContainText(
      "servers built on the ws library wait 30 s for the browser's reply and then drop the connection",
    );
  } finally {
    for (const client of server.clients) client.terminate();
    await new Promise((resolve) => server.close(resolve));
  }
});
