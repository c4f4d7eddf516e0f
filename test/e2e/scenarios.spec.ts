import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe.ts";
import { connectTo, dataRows, expectStatus, send } from "./helpers.ts";

/** The Scenarios tab of the bottom panel, made tall enough to show a failed step. */
async function openScenarios(page: Page) {
  await page.getByRole("tab", { name: "Scenarios", exact: true }).click();
  const splitter = page.getByRole("separator", { name: "Resize bottom panel" });
  await splitter.focus();
  for (let step = 0; step < 10; step++) await page.keyboard.press("ArrowUp");
  return page.getByRole("region", { name: "Scenarios" });
}

/** Clicks Run and waits for the run to end; returns the summary. */
async function run(page: Page) {
  const panel = page.getByRole("region", { name: "Scenarios" });
  await panel.getByRole("button", { name: "Run", exact: true }).click();
  const summary = panel.getByRole("status", { name: "Scenario run" });
  await expect(summary).toHaveText(/^(Passed|Failed)/, { timeout: 15_000 });
  return summary;
}

/** Replaces the scenario text with what `change` makes of it. */
async function edit(page: Page, change: (text: string) => string) {
  const editor = page.getByRole("textbox", { name: "Scenario" });
  await editor.fill(change(await editor.inputValue()));
}

/** A session on /echo with a JSON message and a text message sent and echoed. */
async function echoSession(page: Page) {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, '{"op":"sub","n":1}');
  await send(page, "hello {{seq}}");
  await expect(dataRows(page)).toHaveCount(5);
}

test("record a session against /echo, run it to a pass, then against drop=1 to a failed step with its diff", async ({
  page,
}) => {
  await echoSession(page);
  const panel = await openScenarios(page);
  await panel.getByRole("button", { name: "Record from this tab" }).click();
  await expect(panel.getByRole("status", { name: "Scenario notice" })).toHaveText(
    "Recorded the latest connection of this tab",
  );
  const steps = panel.getByRole("table", { name: "Scenario steps" });
  // connect, then send and expect for each message.
  await expect(steps.getByRole("row")).toHaveCount(6);
  await expect(steps.getByRole("row", { name: /step 2 expect/ })).toBeVisible();
  await expect(panel.getByRole("combobox", { name: "Match for step 2" })).toHaveValue("json");
  await expect(panel.getByRole("combobox", { name: "Match for step 4" })).toHaveValue("exact");

  const summary = await run(page);
  await expect(summary).toHaveText(/^Passed: 5 steps in /);
  for (const row of await steps
    .getByRole("row")
    .all()
    .then((rows) => rows.slice(1)))
    await expect(row.getByRole("cell").first()).toHaveText(/Passed/);
  // Each step shows its time.
  await expect(
    steps
      .getByRole("row", { name: /step 2 expect/ })
      .getByRole("cell")
      .last(),
  ).toHaveText(/\d (µs|ms|s)$/);

  // The same scenario against /echo?drop=1: nothing comes back, and the first expect says so.
  await edit(page, (text) =>
    text
      .replace(/("url": "[^"]*\/echo)"/, '$1?drop=1"')
      .replace('"steps"', '"timeoutMs": 1500,\n  "steps"'),
  );
  await expect(summary).toHaveText("");
  await expect(run(page)).resolves.toHaveText(/^Failed: 1 of 5 steps failed, 2 skipped, in /);
  await expect(
    steps
      .getByRole("row", { name: /step 2 expect/ })
      .getByRole("cell")
      .first(),
  ).toHaveText(/Failed/);
  await expect(
    steps
      .getByRole("row", { name: /step 3 send/ })
      .getByRole("cell")
      .first(),
  ).toHaveText(/Skipped/);
  const failed = panel.getByRole("region", { name: /^Failed step 2: expect/ });
  await expect(failed).toContainText("Nothing came within 1500 ms");
  await expect(failed.getByRole("figure", { name: "Expected" })).toContainText('"op": "sub"');
  await expect(failed.getByRole("figure", { name: "Received" })).toHaveText("Received(nothing)");
  await expect(
    failed.getByRole("table", { name: "Differences" }).getByRole("row", { name: /^\$ Missing/ }),
  ).toContainText('{"op":"sub","n":1}');

  // Back on /echo with an expect that asks for n = 3: the diff names the path.
  await edit(page, (text) => {
    const at = text.lastIndexOf('"n": 1');
    return `${text.slice(0, at).replace("?drop=1", "")}"n": 3${text.slice(at + 6)}`;
  });
  await expect(run(page)).resolves.toHaveText(/^Failed: 1 of 5/);
  const diff = page
    .getByRole("region", { name: /^Failed step 2: expect/ })
    .getByRole("table", { name: "Differences" });
  await expect(diff.getByRole("row", { name: "$.n Changed 3 1" })).toBeVisible();

  // Loosened to any frame, the step passes again.
  await panel.getByRole("combobox", { name: "Match for step 2" }).selectOption("any");
  await expect(run(page)).resolves.toHaveText(/^Passed: 5 steps/);
  await expect(page.getByRole("textbox", { name: "Scenario" })).toHaveValue(/"any": true/);
});

test("problems name their line and column, and take the cursor there", async ({ page }) => {
  await page.goto("/");
  const panel = await openScenarios(page);
  const editor = panel.getByRole("textbox", { name: "Scenario" });
  await editor.fill('{\n  "url": "ws://x",\n  "steps": [\n    { "wait": -5 }\n  ]\n}');
  const problem = panel
    .getByRole("list", { name: "Scenario problems" })
    .getByRole("button", { name: "Line 4, column 15: steps[0].wait: A duration is 0–600000 ms" });
  await expect(problem).toBeVisible();
  await expect(editor).toHaveAttribute("aria-invalid", "true");
  await expect(panel.getByRole("button", { name: "Run", exact: true })).toBeDisabled();
  await problem.click();
  await expect(editor).toBeFocused();
  const caret = await editor.evaluate((area: HTMLTextAreaElement) => area.selectionStart);
  expect(caret).toBe('{\n  "url": "ws://x",\n  "steps": [\n    { "wait": '.length);

  // A hostile document is refused with its reason; the app keeps working.
  await editor.fill(`${"[".repeat(10_000)}${"]".repeat(10_000)}`);
  await expect(panel.getByRole("list", { name: "Scenario problems" })).toContainText(
    "The document nests deeper than 64 levels",
  );
  await editor.fill('{"url": "ws://x", "steps": [{"expect": {"regex": "(unclosed"}}]}');
  await expect(panel.getByRole("list", { name: "Scenario problems" })).toContainText(
    "steps[0].expect.regex: Not a valid regular expression",
  );
  await page.getByRole("tab", { name: "Compose", exact: true }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toBeVisible();
});

test("several clients and a barrier run in the browser", async ({ page }) => {
  await page.goto("/");
  const panel = await openScenarios(page);
  const base = new URL(page.url());
  const room = `ws://${base.host}/rooms/e2e-barrier`;
  const member = (name: string, publishes: boolean) => ({
    name,
    url: room,
    steps: [
      { expect: { path: "$.type", equals: "welcome" } },
      { barrier: "joined" },
      ...(publishes
        ? [{ send: { json: { type: "publish", room: "e2e-barrier", data: "hi all" } } }]
        : []),
      { expect: { json: { type: "message", data: "hi all" } }, skip: true },
    ],
  });
  await panel
    .getByRole("textbox", { name: "Scenario" })
    .fill(
      JSON.stringify(
        { name: "room", clients: [member("ada", true), member("bob", false), member("cy", false)] },
        null,
        2,
      ),
    );
  await expect(run(page)).resolves.toHaveText(/^Passed: 13 steps/);
  await expect(
    panel
      .getByRole("row", { name: /bob step 2 barrier joined/ })
      .getByRole("cell")
      .first(),
  ).toHaveText(/Passed/);
});

test("at 1024×700 a step's description keeps room beside its match controls", async ({
  browser,
}) => {
  const context = await browser.newContext({ viewport: { width: 1024, height: 700 } });
  const page = await context.newPage();
  await echoSession(page);
  const panel = await openScenarios(page);
  await panel.getByRole("button", { name: "Record from this tab" }).click();
  const row = panel.getByRole("table", { name: "Scenario steps" }).getByRole("row", {
    name: /step 2 expect/,
  });
  // Before, fixed match and label columns left the description 40 px: "exp…".
  const description = await row.getByRole("cell").nth(1).boundingBox();
  expect(description?.width).toBeGreaterThan(150);
  const select = await panel.getByRole("combobox", { name: "Match for step 2" }).boundingBox();
  const skip = await panel
    .getByRole("checkbox", { name: "Skip other frames for step 2" })
    .boundingBox();
  // "Skip others" goes under the select rather than past the column.
  expect(skip?.y).toBeGreaterThan((select?.y ?? 0) + (select?.height ?? 0) - 1);
  await context.close();
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`the Scenarios panel has no serious axe violations (${colorScheme})`, async ({
    browser,
  }) => {
    // Three full-page axe runs on a loaded machine: room to finish, not a race against the clock.
    test.setTimeout(90_000);
    const context = await browser.newContext({ colorScheme });
    const page = await context.newPage();
    await echoSession(page);
    const panel = await openScenarios(page);
    await expectNoSeriousViolations(page, `scenarios, empty (${colorScheme})`);
    await panel.getByRole("button", { name: "Record from this tab" }).click();
    await edit(page, (text) => {
      const at = text.lastIndexOf('"n": 1');
      return `${text.slice(0, at)}"n": 3${text.slice(at + 6)}`;
    });
    await expect(run(page)).resolves.toHaveText(/^Failed/);
    await expect(panel.getByRole("table", { name: "Differences" })).toBeVisible();
    await expectNoSeriousViolations(page, `scenarios, a failed step (${colorScheme})`);
    await edit(page, (text) => text.replace('"steps": [', '"steps": [ nope'));
    await expect(panel.getByRole("list", { name: "Scenario problems" })).not.toBeEmpty();
    await expectNoSeriousViolations(page, `scenarios, a problem (${colorScheme})`);
    await context.close();
  });
}
