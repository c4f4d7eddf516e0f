import { expect, type Page, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus, exportAs } from "./helpers.ts";

async function sendHex(page: Page, hex: string) {
  await page.getByRole("combobox", { name: "Message type" }).selectOption("binary");
  await page.getByRole("textbox", { name: "Message" }).fill(hex);
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

test("export as HAR and NDJSON, then import the HAR back into a tab without loss", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await page.getByRole("textbox", { name: "Message" }).fill("text ✓");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await sendHex(page, "de ad be ef");
  await expect(dataRows(page).filter({ hasText: "Binary: de ad be ef" })).toHaveCount(2);
  await page.getByRole("button", { name: "Disconnect" }).click();
  await expectStatus(page, "Closed (1000 Normal Closure)");

  const harPath = testInfo.outputPath("capture.har");
  const har = JSON.parse(await exportAs(page, "HAR", harPath));
  const entry = har.log.entries[0];
  expect(entry.response.status).toBe(101);
  expect(
    entry._webSocketMessages.map((m: { type: string; opcode: number }) => [m.type, m.opcode]),
  ).toEqual([
    ["send", 1],
    ["receive", 1],
    ["send", 2],
    ["receive", 2],
  ]);
  expect(entry._webSocketMessages[2].data).toBe("3q2+7w==");
  expect(entry._webSocketClose.code).toBe(1000);

  const ndjson = (await exportAs(page, "NDJSON", testInfo.outputPath("capture.ndjson")))
    .trim()
    .split("\n");
  expect(JSON.parse(ndjson[0] ?? "{}")).toMatchObject({ type: "session" });
  expect(ndjson).toHaveLength(1 + 6);

  await page.getByLabel("Import").setInputFiles(harPath);
  const tabs = page.getByRole("tablist", { name: "Sessions" }).getByRole("tab");
  await expect(tabs).toHaveCount(2);
  await expect(dataRows(page)).toHaveCount(6);
  await expect(dataRows(page).filter({ hasText: "Binary: de ad be ef" })).toHaveCount(2);
  await expect(dataRows(page).filter({ hasText: "text ✓" })).toHaveCount(2);
  await expect(dataRows(page).filter({ hasText: "Closed: 1000 Normal Closure" })).toHaveCount(1);
});

test("imports HAR files from other tools, asks which socket when there are several, and refuses others clearly", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByLabel("Import").setInputFiles("test/fixtures/har/playwright.har");
  await expect(page.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(2);
  await expect(dataRows(page).first()).toBeVisible();

  await page.getByLabel("Import").setInputFiles("test/fixtures/har/multiple-sockets.har");
  const choice = page.getByRole("group", { name: "Choose a connection to import" });
  await expect(choice.getByRole("button")).not.toHaveCount(0);
  await choice.getByRole("button").first().click();
  await expect(page.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(3);

  await page.getByLabel("Import").setInputFiles("test/fixtures/har/no-websocket.har");
  await expect(page.getByRole("alert")).toContainText("Import failed:");
});

test("the detail pane decodes MessagePack on its own and lets you switch decoders", async ({
  page,
}) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  // {"a": 1} in MessagePack.
  await sendHex(page, "81 a1 61 01");
  await dataRows(page).filter({ hasText: "Received" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tab", { name: "Decoded" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(detail.getByRole("combobox", { name: "Decoder" })).toHaveValue("msgpack");
  await expect(detail.getByRole("tabpanel")).toContainText("MessagePack");
  await expect(detail.getByRole("list", { name: "JSON tree" })).toContainText("a: 1");
});
