import { expect, test } from "@playwright/test";
import { startTarget } from "../server/target.ts";
import { connectTo, dataRows, expectStatus, send } from "./helpers.ts";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
});

test("a direct connection refused with 401 says so: SocketScope asks the server through the relay", async ({
  page,
}) => {
  await connectTo(page, "/auth?token=wrong");
  const answer =
    "The server answered 401 Unauthorized: Invalid token. Browsers hide this status; SocketScope asked the server directly";
  await expectStatus(page, `Could not connect: ${answer}`);
  await expect(dataRows(page).filter({ hasText: `Error: ${answer}` })).toHaveCount(1);
  await expect(
    dataRows(page).filter({ hasText: "Never opened: the WebSocket handshake did not complete" }),
  ).toHaveCount(1);
  // The probe's own traffic is not the session's: only the error and the close are logged.
  await expect(dataRows(page)).toHaveCount(2);
  await page.getByRole("tab", { name: "Handshake" }).click();
  await expect(
    page.getByRole("region", { name: "Handshake" }).getByLabel("Response status"),
  ).toHaveText("401 Unauthorized");
});

test("a direct connection to a port nothing listens on says so", async ({ page }) => {
  const gone = await startTarget();
  const url = gone.url;
  await gone.close();
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill(url);
  await page.getByRole("button", { name: "Connect" }).click();
  const port = new URL(url).port;
  await expectStatus(
    page,
    `Could not connect: Nothing is listening on 127.0.0.1:${port}: the connection was refused`,
  );
});

test("a connection that drops without a close frame lists the likely causes", async ({ page }) => {
  const target = await startTarget({ requireKey: false });
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill(target.url);
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, "Open");
  await send(page, "drop-me");
  await expectStatus(page, /^Closed \(1006 Abnormal Closure\)/);
  await expect(
    dataRows(page).filter({
      hasText:
        "Closed: 1006 Abnormal Closure (not clean). Likely causes: a proxy or load-balancer idle timeout, a server crash or restart, a network drop, or a message over the server's size limit",
    }),
  ).toHaveCount(1);
  await expect(page.getByRole("alert", { name: "Why the connection failed" })).toContainText(
    "The connection dropped without a close frame (1006). Likely causes: a proxy or load-balancer idle timeout, a server crash or restart, a network drop, or a message over the server's size limit.",
  );
  await target.close();
});
