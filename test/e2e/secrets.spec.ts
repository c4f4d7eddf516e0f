import { readFileSync, writeFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus, exportAs, openRelaySettings, send } from "./helpers.ts";

/** Turns on the relay and picks a bearer token for the Authorization helper. */
async function bearer(page: Page, token: string) {
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("combobox", { name: "Authorization" }).selectOption("bearer");
  await page.getByRole("textbox", { name: "Token" }).fill(token);
}

/** Waits for the periodic workspace save (every 5 s when something changed), then reloads. */
async function saveAndReload(page: Page) {
  await page.waitForTimeout(6500);
  await page.reload();
}

/** JSON text of arrays nested `depth` deep. */
const deepJson = (depth: number) => "[".repeat(depth) + "]".repeat(depth);

test("a share link leaves out the token query parameter and credentials, and says so", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  const origin = new URL(page.url()).origin;
  await page
    .getByRole("textbox", { name: "WebSocket URL" })
    .fill("ws://ada:pw@localhost:3000/ws?access_token=abc123&room=lobby");
  await bearer(page, "s3cret");

  await page.getByRole("button", { name: "Copy as" }).click();
  await page.getByRole("menuitem", { name: /Share link/ }).click();
  await expect(page.getByRole("status", { name: "Copy result" })).toHaveText(
    "Copied the share link (left out: access_token, userinfo, Authorization)",
  );
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(link).not.toMatch(/abc123|access_token|s3cret|Authorization|ada|pw/);

  await page.goto(link.replace(origin, ""));
  await expect(page.getByRole("textbox", { name: "WebSocket URL" })).toHaveValue(
    "ws://localhost:3000/ws?room=lobby",
  );
});

test("an export leaves the Authorization header out, unless Include credentials is ticked", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await bearer(page, "letmein");
  await connectTo(page, "/auth?token=letmein");
  await expectStatus(page, "Open via relay");
  await expect(dataRows(page).filter({ hasText: '"via":"bearer"' })).toHaveCount(1);

  const redacted = await exportAs(page, "HAR", testInfo.outputPath("redacted.har"));
  await expect(page.getByRole("status", { name: "Export result" })).toHaveText(
    /^Exported HAR \(left out: token, authorization\)$/i,
  );
  expect(redacted).not.toContain("letmein");
  const entry = JSON.parse(redacted).log.entries[0];
  expect(entry.request.url).toMatch(/\/auth\?token=redacted$/);
  expect(
    entry.request.headers.find((h: { name: string }) => h.name.toLowerCase() === "authorization"),
  ).toMatchObject({ value: "(redacted)" });
  const ndjson = await exportAs(page, "NDJSON", testInfo.outputPath("redacted.ndjson"));
  expect(ndjson).not.toContain("letmein");

  await page.getByRole("button", { name: "Export" }).click();
  const include = page.getByRole("menuitemcheckbox", { name: "Include credentials" });
  await expect(include).toHaveAttribute("aria-checked", "false");
  await include.click();
  await expect(include).toHaveAttribute("aria-checked", "true");
  const downloading = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: /^HAR/ }).click();
  const path = testInfo.outputPath("full.har");
  await (await downloading).saveAs(path);
  const full = JSON.parse(readFileSync(path, "utf8")).log.entries[0];
  expect(
    full.request.headers.find((h: { name: string }) => h.name.toLowerCase() === "authorization"),
  ).toMatchObject({ value: "Bearer letmein" });
  expect(full.request.url).toMatch(/\/auth\?token=letmein$/);
  await expect(page.getByRole("status", { name: "Export result" })).toHaveText("Exported HAR");
});

test("the relay form refuses a smart quote in a header value, under the field", async ({
  page,
}) => {
  await page.goto("/");
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByRole("textbox", { name: "Header name" }).fill("X-Note");
  const value = page.getByRole("textbox", { name: "Header value" });
  await value.fill("it’s");
  await connectTo(page, "/echo");

  const message =
    'The value of X-Note has "’" (U+2019) at position 3: header values may hold only Latin-1 text';
  await expect(value).toHaveAttribute("aria-invalid", "true");
  await expect(value).toHaveAccessibleDescription(message);
  await expect(page.getByText(message)).toBeVisible();
  await expect(value).toBeFocused();
  await expect(page.getByRole("alert")).toContainText("Fix the relay settings first");
  await expect(page.getByRole("status", { name: "Connection status" })).toHaveText("Not connected");

  await value.fill("it's");
  await expect(value).not.toHaveAttribute("aria-invalid", "true");
  await expect(page.getByText(message)).toHaveCount(0);
});

test("the bearer token and secret header values survive a reload only with Remember secrets", async ({
  page,
}) => {
  test.setTimeout(60_000);
  await page.goto("/");
  await bearer(page, "letmein");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByRole("textbox", { name: "Header name" }).fill("X-Api-Key");
  await page.getByRole("textbox", { name: "Header value" }).fill("k-123");
  await expect(page.getByRole("checkbox", { name: "Remember secrets" })).not.toBeChecked();

  await saveAndReload(page);
  await expect(page.getByRole("switch", { name: "Via relay" })).toBeChecked();
  await openRelaySettings(page);
  await expect(page.getByRole("combobox", { name: "Authorization" })).toHaveValue("bearer");
  await expect(page.getByRole("textbox", { name: "Token" })).toHaveValue("");
  await expect(page.getByRole("textbox", { name: "Header name" })).toHaveValue("X-Api-Key");
  await expect(page.getByRole("textbox", { name: "Header value" })).toHaveValue("");

  await page.getByRole("checkbox", { name: "Remember secrets" }).check();
  await page.getByRole("textbox", { name: "Token" }).fill("letmein");
  await page.getByRole("textbox", { name: "Header value" }).fill("k-123");
  await saveAndReload(page);
  await openRelaySettings(page);
  await expect(page.getByRole("checkbox", { name: "Remember secrets" })).toBeChecked();
  await expect(page.getByRole("textbox", { name: "Token" })).toHaveValue("letmein");
  await expect(page.getByRole("textbox", { name: "Header value" })).toHaveValue("k-123");
});

test("importing a file that is too deep or malformed says why, and the app keeps working", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  const session =
    '{"type":"session","version":1,"url":"ws://h/","protocols":[],"startedAt":1700000000000}';
  const frame = (fields: string) =>
    `{"type":"frame","time":1700000000001,"direction":"received","kind":"text"${fields}}`;
  const files = {
    "deep.ndjson": `${session}\n${frame(`,"event":{"type":"info","message":"x","x":${deepJson(10_000)}}`)}\n`,
    "deep.har": `{"log":{"version":"1.2","entries":${deepJson(10_000)}}}`,
    "truncated.har": '{"log":{"version":"1.2","entries":[{"request":',
    "garbage.json": "not a capture",
    "deep-payload.ndjson": `${session}\n${frame(`,"text":${JSON.stringify(deepJson(10_000))}`)}\n`,
  };
  const path = (name: string) => testInfo.outputPath(name);
  for (const [name, text] of Object.entries(files)) writeFileSync(path(name), text);
  const alert = page.getByRole("alert");
  const tabs = page.getByRole("tablist", { name: "Sessions" }).getByRole("tab");

  for (const [name, error] of [
    ["deep.ndjson", "Line 2 nests arrays and objects 10,002 levels deep"],
    ["deep.har", "This HAR file nests arrays and objects 10,002 levels deep"],
    ["truncated.har", "This file is not valid JSON"],
    ["garbage.json", "garbage.json is neither a HAR file nor SocketScope NDJSON"],
  ] as const) {
    await page.getByLabel("Import").setInputFiles(path(name));
    await expect(alert).toContainText(`Import failed: ${error}`);
    await expect(page.getByRole("progressbar", { name: "Import progress" })).toHaveCount(0);
    await alert.getByRole("button", { name: "Dismiss" }).click();
    await expect(alert).toHaveCount(0);
  }
  await expect(tabs).toHaveCount(1);

  // A frame whose payload is JSON nested 10,000 deep imports, and shows as text with a note.
  await page.getByLabel("Import").setInputFiles(path("deep-payload.ndjson"));
  await expect(tabs).toHaveCount(2);
  await dataRows(page).first().click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tab", { name: "Text" })).toHaveAttribute("aria-selected", "true");
  await detail.getByRole("tab", { name: "JSON" }).click();
  await expect(detail.getByRole("note")).toHaveText(
    "This JSON nests 10,000 levels deep, deeper than the 512 levels the tree shows, so here it is as text.",
  );
  await expect(detail.getByRole("list", { name: "JSON tree" })).toHaveCount(0);
  await detail.getByRole("tab", { name: "Decoded" }).click();
  await expect(detail.getByRole("tabpanel")).toBeVisible();

  // The app still works: a new tab connects and echoes.
  await page.getByRole("button", { name: "New tab" }).click();
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, "still here");
  await expect(dataRows(page).filter({ hasText: "still here" })).toHaveCount(2);
});
