import { expect, test } from "@playwright/test";
import { startTarget } from "../server/target.ts";
import { connectTo, dataRows, expectStatus } from "./helpers.ts";

let target: Awaited<ReturnType<typeof startTarget>>;
test.beforeAll(async () => {
  target = await startTarget();
});
test.afterAll(() => target.close());

test.beforeEach(async ({ page }) => {
  await page.goto("/");
});

test("through the relay with a custom header: the 101 handshake, a server ping and its pong", async ({
  page,
}) => {
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill(target.url);
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByRole("textbox", { name: "Header name" }).fill("X-Api-Key");
  await page.getByRole("textbox", { name: "Header value" }).fill("secret");
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, "Open via relay");

  await expect(
    dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "Ping: hello?" }),
  ).toHaveCount(1);
  await expect(
    dataRows(page).filter({ hasText: "Sent" }).filter({ hasText: "Pong: hello?" }),
  ).toHaveCount(1);

  await page.getByRole("tab", { name: "Handshake" }).click();
  const handshake = page.getByRole("region", { name: "Handshake" });
  await expect(handshake.getByLabel("Response status")).toHaveText("101 Switching Protocols");
  await expect(handshake.getByRole("table", { name: "Response headers" })).toContainText(
    /sec-websocket-accept/i,
  );
  await expect(handshake.getByRole("table", { name: "Request headers" })).toContainText(
    "x-api-key",
  );
  await expect(handshake.getByRole("table", { name: "Request headers" })).toContainText("secret");

  await page.getByRole("tab", { name: "Compose" }).click();
  await page.getByRole("textbox", { name: "Ping payload" }).fill("are you there");
  await page.getByRole("button", { name: "Ping the server" }).click();
  await expect(
    dataRows(page).filter({ hasText: /RTT [\d.]+ (µs|ms) Pong: are you there/ }),
  ).toHaveCount(1);

  await page.getByRole("textbox", { name: "Message" }).fill("through the relay");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(
    dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "through the relay" }),
  ).toHaveCount(1);

  // The Control filter shows ping, pong and close frames only.
  for (const name of ["Text", "Binary", "Events"])
    await page.getByRole("button", { name, exact: true }).click();
  await expect(dataRows(page)).toHaveCount(4);

  await page.getByRole("textbox", { name: "Close code" }).fill("1001");
  await page.getByRole("button", { name: "Close with code" }).click();
  await expectStatus(page, "Closed (1001 Going Away)");
  await expect(dataRows(page).filter({ hasText: "Closed by you: 1001 Going Away" })).toHaveCount(1);
});

test("the Authorization helper reaches an endpoint that wants a Bearer token", async ({ page }) => {
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("combobox", { name: "Authorization" }).selectOption("bearer");
  await page.getByRole("textbox", { name: "Token" }).fill("letmein");
  await connectTo(page, "/auth");
  await expectStatus(page, "Open via relay");
  await expect(dataRows(page).filter({ hasText: '"via":"bearer"' })).toHaveCount(1);
});

test("a refused upgrade shows its status and body in the handshake panel", async ({ page }) => {
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("combobox", { name: "Authorization" }).selectOption("bearer");
  await page.getByRole("textbox", { name: "Token" }).fill("wrong");
  await connectTo(page, "/auth");
  await expectStatus(
    page,
    "Could not connect: The server answered 401 Unauthorized: Invalid token",
  );
  await expect(
    dataRows(page).filter({ hasText: "Never opened: the WebSocket handshake did not complete" }),
  ).toHaveCount(1);
  await page.getByRole("tab", { name: "Handshake" }).click();
  const handshake = page.getByRole("region", { name: "Handshake" });
  await expect(handshake.getByLabel("Response status")).toHaveText("401 Unauthorized");
  await expect(handshake).toContainText("Invalid token");
});

test("a server that selects none of the offered subprotocols is explained, directly and via the relay", async ({
  page,
}) => {
  // Directly, the browser says nothing; SocketScope asks the server through the relay.
  const open = await startTarget({ requireKey: false });
  await page.getByRole("textbox", { name: "Subprotocols" }).fill("picky");
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill(open.url);
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(
    page,
    "Could not connect: The server accepted the upgrade, then the handshake failed: Server sent no subprotocol",
  );
  await expect(page.getByRole("alert", { name: "Why the connection failed" })).toContainText(
    "selected none of the offered subprotocols (picky)",
  );
  await open.close();

  await page.getByRole("textbox", { name: "WebSocket URL" }).fill(target.url);
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByRole("textbox", { name: "Header name" }).fill("X-Api-Key");
  await page.getByRole("textbox", { name: "Header value" }).fill("secret");
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, /^Could not connect: /);
  await expect(page.getByRole("alert", { name: "Why the connection failed" })).toContainText(
    "selected none of the offered subprotocols (picky)",
  );
});
