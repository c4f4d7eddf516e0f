import { readFileSync, writeFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe.ts";
import { connectTo, dataRows, expectStatus, exportAs, openRelaySettings } from "./helpers.ts";

const SECRET = "tok-s3cret-4711";

/** Opens the Environments dialog from the header. */
async function openEnvironments(page: Page) {
  await page.getByRole("button", { name: "Environments…" }).click();
  const dialog = page.getByRole("dialog", { name: "Environments" });
  await expect(dialog).toBeVisible();
  return dialog;
}

/** Makes an environment `name` with `variables`, puts it in use and closes the dialog. */
async function makeEnvironment(page: Page, name: string, variables: [string, string][]) {
  const dialog = await openEnvironments(page);
  await dialog.getByRole("button", { name: "New environment" }).click();
  await dialog.getByRole("textbox", { name: "Environment name" }).fill(name);
  for (const [variable, value] of variables) {
    await dialog.getByRole("button", { name: "Add variable" }).click();
    await dialog.getByRole("textbox", { name: "Variable name" }).last().fill(variable);
    await dialog.getByLabel("Variable value").last().fill(value);
  }
  await dialog.getByRole("button", { name: "Use this environment" }).click();
  await expect(dialog.getByRole("button", { name: "In use" })).toBeVisible();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(dialog).toBeHidden();
  await expect(
    page.getByRole("combobox", { name: "Environment" }).locator("option:checked"),
  ).toHaveText(name);
}

test("the Environments dialog is wide enough for its table, and the New tap dialog stays narrow", async ({
  page,
}) => {
  // Both share one dialog frame; each sets only its width (once, one stylesheet set both).
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  const environments = await openEnvironments(page);
  expect((await environments.boundingBox())?.width).toBe(820);
  await environments.getByRole("button", { name: "Done" }).click();
  await page.getByRole("button", { name: "New tap" }).click();
  const newTap = page.getByRole("dialog", { name: "New tap" });
  await expect(newTap).toBeVisible();
  expect((await newTap.boundingBox())?.width).toBe(480);
});

test("a secret value is masked on screen, and absent from a share link and an export", async ({
  page,
  context,
}, testInfo) => {
  test.setTimeout(60_000);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  const dialog = await openEnvironments(page);
  await dialog.getByRole("button", { name: "New environment" }).click();
  await dialog.getByRole("textbox", { name: "Environment name" }).fill("dev");
  await dialog.getByRole("button", { name: "Add variable" }).click();
  await dialog.getByRole("textbox", { name: "Variable name" }).fill("TOKEN");
  // A secret-looking name starts as secret; its value is a password field until shown.
  await expect(dialog.getByRole("checkbox", { name: "Secret" })).toBeChecked();
  const value = dialog.getByLabel("Variable value");
  await value.fill(SECRET);
  await expect(value).toHaveAttribute("type", "password");
  await dialog.getByRole("button", { name: "Show value" }).click();
  await expect(value).toHaveAttribute("type", "text");
  await dialog.getByRole("button", { name: "Hide value" }).click();
  await expect(value).toHaveAttribute("type", "password");
  await dialog.getByRole("button", { name: "Use this environment" }).click();
  await dialog.getByRole("button", { name: "Done" }).click();
  await expect(page.locator("body")).not.toContainText(SECRET);

  // The composer fills it in, and its preview masks it.
  await connectTo(page, `/echo?room=${SECRET}`);
  await expectStatus(page, "Open");
  const message = page.getByRole("textbox", { name: "Message" });
  await message.fill("auth {{env.TOKEN}}");
  await expect(message).toHaveAccessibleDescription("Preview: auth ••••••");
  await message.fill("auth {{env.NOPE}}");
  await expect(message).toHaveAccessibleDescription(/^\{\{env\.NOPE\}\} is not set/);
  await expect(page.getByRole("button", { name: "Send" })).toBeDisabled();
  await message.fill("auth {{env.TOKEN}}");
  await page.getByRole("button", { name: "Send" }).click();
  // The frame went out with the value (the log shows frames as they were on the wire).
  await expect(dataRows(page)).toHaveCount(3);

  // A share link of a URL that holds the secret: it stands there as {{env.TOKEN}}.
  await page.getByRole("button", { name: "Copy as" }).click();
  await page.getByRole("menuitem", { name: /Share link/ }).click();
  await expect(page.getByRole("status", { name: "Copy result" })).toHaveText(
    "Copied the share link (left out: env.TOKEN)",
  );
  const link = await page.evaluate(() => navigator.clipboard.readText());
  expect(decodeURIComponent(link)).not.toContain(SECRET);
  expect(decodeURIComponent(link)).toContain("room={{env.TOKEN}}");

  // Exports, even with credentials included: the sent and echoed frames and the URL.
  const har = await exportAs(page, "HAR", testInfo.outputPath("capture.har"));
  expect(har).not.toContain(SECRET);
  expect(har).toContain("auth {{env.TOKEN}}");
  await expect(page.getByRole("status", { name: "Export result" })).toContainText("env.TOKEN");
  await page.getByRole("button", { name: "Export" }).click();
  await page.getByRole("menuitemcheckbox", { name: "Include credentials" }).click();
  const exporting = page.waitForEvent("download");
  await page.getByRole("menuitem", { name: /^NDJSON/ }).click();
  const ndjsonPath = testInfo.outputPath("capture.ndjson");
  await (await exporting).saveAs(ndjsonPath);
  const ndjson = readFileSync(ndjsonPath, "utf8");
  expect(ndjson).toContain("auth {{env.TOKEN}}");
  expect(ndjson).not.toContain(SECRET);

  // The environments file keeps the variable, not its value.
  const again = await openEnvironments(page);
  const downloading = page.waitForEvent("download");
  await again.getByRole("button", { name: "Export", exact: true }).click();
  const path = testInfo.outputPath("environments.json");
  await (await downloading).saveAs(path);
  const file = readFileSync(path, "utf8");
  expect(file).not.toContain(SECRET);
  expect(JSON.parse(file).environments[0].variables).toEqual([
    { name: "TOKEN", value: "", secret: true },
  ]);

  // It is kept in IndexedDB, still in use after a reload, and still masked.
  await page.reload();
  await expect(
    page.getByRole("combobox", { name: "Environment" }).locator("option:checked"),
  ).toHaveText("dev");
  const reopened = await openEnvironments(page);
  await expect(reopened.getByLabel("Variable value")).toHaveValue(SECRET);
  await expect(reopened.getByLabel("Variable value")).toHaveAttribute("type", "password");
});

test("relay header values read the environment, and an unset one is named", async ({ page }) => {
  await page.goto("/");
  await makeEnvironment(page, "auth", [["TOKEN", "letmein"]]);
  await page.getByRole("switch", { name: "Via relay" }).check();
  await openRelaySettings(page);
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByRole("textbox", { name: "Header name" }).fill("Authorization");
  await page.getByRole("textbox", { name: "Header value" }).fill("Bearer {{env.TOKEN}}");
  await connectTo(page, "/auth");
  await expectStatus(page, "Open via relay");
  await expect(dataRows(page).filter({ hasText: '"via":"bearer"' })).toHaveCount(1);
  await page.getByRole("button", { name: "Disconnect" }).click();

  await openRelaySettings(page);
  await page.getByRole("textbox", { name: "Header value" }).fill("Bearer {{env.MISSING}}");
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(page.getByRole("alert")).toContainText(
    "Fix the relay settings first: {{env.MISSING}} is not set",
  );
});

test("a hostile environments file is refused with its reason, and nothing is lost", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await makeEnvironment(page, "kept", [["HOST", "localhost"]]);
  const dialog = await openEnvironments(page);
  const chooser = dialog.getByText("Import…");
  const hostile: [name: string, text: string, reason: string][] = [
    [
      "deep.json",
      `{"name":"x","values":${"[".repeat(10_000)}${"]".repeat(10_000)}}`,
      "JSON nests deeper than 8 levels",
    ],
    [
      "bad-name.json",
      '{"name":"x","values":[{"key":"bad name","value":"1"}]}',
      "values[0].key: A variable name",
    ],
  ];
  for (const [name, text, reason] of hostile) {
    const path = testInfo.outputPath(name);
    writeFileSync(path, text);
    const choosing = page.waitForEvent("filechooser");
    await chooser.click();
    await (await choosing).setFiles(path);
    await expect(dialog.getByRole("status", { name: "Environments result" })).toContainText(
      `Import failed: ${reason}`,
    );
  }
  const postman = testInfo.outputPath("postman.json");
  writeFileSync(
    postman,
    JSON.stringify({ name: "kept", values: [{ key: "__proto__", value: "p", enabled: true }] }),
  );
  const choosing = page.waitForEvent("filechooser");
  await chooser.click();
  await (await choosing).setFiles(postman);
  await expect(dialog.getByRole("status", { name: "Environments result" })).toHaveText(
    "Imported 1 environment",
  );
  await expect(
    dialog.getByRole("combobox", { name: "Environment to edit" }).locator("option"),
  ).toHaveText(["kept", "kept (2)"]);
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`the environments views have no serious axe violations (${colorScheme})`, async ({
    browser,
  }) => {
    // Three full-page axe runs on a loaded machine: room to finish, not a race against the clock.
    test.setTimeout(90_000);
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await page.goto("/");
    const dialog = await openEnvironments(page);
    await expectNoSeriousViolations(page, `environments, empty (${colorScheme})`);
    await dialog.getByRole("button", { name: "New environment" }).click();
    await dialog.getByRole("button", { name: "Add variable" }).click();
    await dialog.getByRole("textbox", { name: "Variable name" }).fill("API_KEY");
    await dialog.getByLabel("Variable value").fill("k");
    await dialog.getByRole("button", { name: "Add variable" }).click();
    await dialog.getByRole("textbox", { name: "Variable name" }).last().fill("bad name");
    await dialog.getByRole("button", { name: "Delete environment" }).click();
    await expect(dialog.getByRole("button", { name: /^Confirm: delete/ })).toBeVisible();
    await expectNoSeriousViolations(page, `environments, editing (${colorScheme})`);
    await dialog.getByRole("button", { name: "Done" }).click();
    await expectNoSeriousViolations(page, `header with an environment (${colorScheme})`);
    await context.close();
  });
}
