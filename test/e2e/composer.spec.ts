import { readFileSync } from "node:fs";
import { expect, test } from "@playwright/test";
import { connectTo, dataRows, expectStatus } from "./helpers.ts";

test.beforeEach(async ({ page }) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
});

test("JSON: live validation with line:column, Send disabled with its reason, and Format", async ({
  page,
}) => {
  await page.getByRole("combobox", { name: "Message type" }).selectOption("json");
  const message = page.getByRole("textbox", { name: "Message" });
  const send = page.getByRole("button", { name: "Send", exact: true });
  await message.fill('{\n  "a": 1\n  "b": 2\n}');
  await expect(send).toBeDisabled();
  await expect(send).toHaveAccessibleDescription(/^Invalid JSON at line 3:3: /);
  await expect(message).toHaveAttribute("aria-invalid", "true");

  await message.fill('{"a":1,"b":[2,3]}');
  await expect(send).toBeEnabled();
  await page.getByRole("button", { name: "Format" }).click();
  await expect(message).toHaveValue('{\n  "a": 1,\n  "b": [\n    2,\n    3\n  ]\n}');
  await send.click();
  await expect(
    dataRows(page).filter({ hasText: "Received" }).filter({ hasText: '"b": [' }),
  ).toHaveCount(1);
});

test("binary: hex with spaces is sent as bytes; bad hex is refused with a reason", async ({
  page,
}) => {
  await page.getByRole("combobox", { name: "Message type" }).selectOption("binary");
  const message = page.getByRole("textbox", { name: "Message" });
  await message.fill("de ad be ef");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(
    dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "Binary: de ad be ef" }),
  ).toHaveCount(1);

  await message.fill("de ad b");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toHaveAccessibleDescription(
    "Odd number of hex digits: each byte takes two",
  );
  await page.getByRole("combobox", { name: "Binary encoding" }).selectOption("base64");
  await message.fill("3q2+7w==");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(
    dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "Binary: de ad be ef" }),
  ).toHaveCount(2);
});

test("templates expand at send time, with a preview and literal braces", async ({ page }) => {
  const message = page.getByRole("textbox", { name: "Message" });
  await message.fill("n={{seq}} \\{{seq}}");
  await expect(page.getByText("Preview: n=1 {{seq}}")).toBeVisible();
  await page.keyboard.press("Control+Enter");
  await expect(page.getByText("Preview: n=2 {{seq}}")).toBeVisible();
  await page.getByRole("button", { name: "Send", exact: true }).click();
  for (const text of ["n=1 {{seq}}", "n=2 {{seq}}"]) {
    await expect(dataRows(page).filter({ hasText: "Sent" }).filter({ hasText: text })).toHaveCount(
      1,
    );
  }
  await message.fill("{{nope}}");
  await expect(page.getByRole("button", { name: "Send", exact: true })).toHaveAccessibleDescription(
    /Unknown placeholder \{\{nope\}\}/,
  );
});

test("↑ and ↓ recall sent messages", async ({ page }) => {
  const message = page.getByRole("textbox", { name: "Message" });
  for (const text of ["one", "two"]) {
    await message.fill(text);
    await page.keyboard.press("Control+Enter");
  }
  await message.fill("");
  await message.press("ArrowUp");
  await expect(message).toHaveValue("two");
  await message.press("Home");
  await message.press("ArrowUp");
  await expect(message).toHaveValue("one");
  await message.press("End");
  await message.press("ArrowDown");
  await expect(message).toHaveValue("two");
});

test("close with a chosen code and reason, validated", async ({ page }) => {
  await page.getByRole("textbox", { name: "Close code" }).fill("1001");
  await page.getByRole("button", { name: "Close with code" }).click();
  await expect(page.getByRole("alert")).toHaveText(
    "A browser may close with 1000 or a code from 3000 to 4999 (turn on Via relay for any code)",
  );
  await page.getByRole("textbox", { name: "Close code" }).fill("4000");
  await page.getByRole("textbox", { name: "Close reason" }).fill("bye now");
  await page.getByRole("button", { name: "Close with code" }).click();
  await expectStatus(page, "Closed (4000 Application-defined: bye now)");
});

test("scheduled sends go every N ms, K times, with progress", async ({ page }) => {
  await page.getByRole("textbox", { name: "Message" }).fill("tick {{seq}}");
  await page.getByRole("textbox", { name: "Every (ms)" }).fill("20");
  await page.getByRole("textbox", { name: "Times (0 = until stopped)" }).fill("5");
  await page.getByRole("button", { name: "Start schedule" }).click();
  await expect(page.getByRole("status", { name: "Schedule progress" })).toHaveText(
    "Sent 5 of 5 · done",
  );
  await expect(
    dataRows(page)
      .filter({ hasText: "Sent" })
      .filter({ hasText: /tick [1-5]/ }),
  ).toHaveCount(5);
  await expect(
    dataRows(page).filter({ hasText: "Sent" }).filter({ hasText: "tick 5" }),
  ).toHaveCount(1);

  await page.getByRole("textbox", { name: "Times (0 = until stopped)" }).fill("0");
  await page.getByRole("button", { name: "Start schedule" }).click();
  await expect(page.getByRole("status", { name: "Schedule progress" })).toHaveText(
    /Sent \d+ \(until stopped\)/,
  );
  await page.getByRole("button", { name: "Stop schedule" }).click();
  await expect(page.getByRole("status", { name: "Schedule progress" })).toHaveText(/Stopped$/);
});

test("saved messages survive a reload, load or send in a click, and export and import", async ({
  page,
}, testInfo) => {
  await page.getByRole("combobox", { name: "Message type" }).selectOption("json");
  await page.getByRole("textbox", { name: "Message" }).fill('{"hello":"saved"}');
  await page.getByRole("tab", { name: "Saved" }).click();
  await page.getByRole("textbox", { name: "Name" }).fill("greeting");
  await page.getByRole("textbox", { name: "Folder" }).fill("demo");
  await page.getByRole("button", { name: "Save current message" }).click();
  await expect(page.getByRole("button", { name: "Load greeting" })).toBeVisible();

  await page.reload();
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await page.getByRole("tab", { name: "Saved" }).click();
  await expect(page.getByText("demo", { exact: true })).toBeVisible();
  await page.getByRole("button", { name: "Send greeting" }).click();
  await expect(
    dataRows(page).filter({ hasText: "Received" }).filter({ hasText: '{"hello":"saved"}' }),
  ).toHaveCount(1);
  await page.getByRole("button", { name: "Load greeting" }).click();
  await expect(page.getByRole("textbox", { name: "Message" })).toHaveValue('{"hello":"saved"}');
  await expect(page.getByRole("combobox", { name: "Message type" })).toHaveValue("json");

  await page.getByRole("tab", { name: "Saved" }).click();
  const downloadPromise = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export saved" }).click();
  const download = await downloadPromise;
  const exported = testInfo.outputPath("saved.json");
  await download.saveAs(exported);
  const file = JSON.parse(readFileSync(exported, "utf8"));
  expect(file.messages).toContainEqual({
    name: "greeting",
    folder: "demo",
    type: "json",
    body: '{"hello":"saved"}',
    encoding: "hex",
  });

  await page.getByLabel("Import saved…").setInputFiles({
    name: "more.json",
    mimeType: "application/json",
    buffer: Buffer.from(
      JSON.stringify({
        format: "socketscope-saved-messages",
        version: 1,
        messages: [{ name: "imported", folder: "", type: "text", body: "hi" }],
      }),
    ),
  });
  await expect(page.getByText("Imported 1 saved message")).toBeVisible();
  await expect(page.getByRole("button", { name: "Load imported" })).toBeVisible();
  await page
    .getByLabel("Import saved…")
    .setInputFiles({ name: "bad.json", mimeType: "application/json", buffer: Buffer.from("{}") });
  await expect(
    page.getByText("Import failed: This is not a SocketScope saved-messages file"),
  ).toBeVisible();
});

test("replays the sent frames on the live connection, as fast as possible", async ({ page }) => {
  for (const text of ["r1", "r2", "r3"]) {
    await page.getByRole("textbox", { name: "Message" }).fill(text);
    await page.keyboard.press("Control+Enter");
  }
  await expect(dataRows(page).filter({ hasText: "Sent" })).toHaveCount(3);
  await page.getByRole("combobox", { name: "Replay timing" }).selectOption("fast");
  await page.getByRole("button", { name: "Replay", exact: true }).click();
  // The replay reports beside its own button (the scheduled send has a status of its own).
  await expect(page.getByRole("status", { name: "Replay progress" })).toHaveText(
    "Sent 3 of 3 · done",
  );
  await expect(dataRows(page).filter({ hasText: "Sent" })).toHaveCount(6);
  await expect(
    dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "r3" }),
  ).toHaveCount(2);
});

test("the Compose tab is in sections with headings, each status beside its own control", async ({
  page,
}) => {
  for (const name of ["Message", "Schedule", "Replay", "Control frames"])
    await expect(page.getByRole("heading", { name, exact: true, level: 3 })).toBeVisible();

  await page.getByRole("textbox", { name: "Message" }).fill("once");
  await page.keyboard.press("Control+Enter");
  await page.getByRole("textbox", { name: "Every (ms)" }).fill("10");
  await page.getByRole("textbox", { name: "Times (0 = until stopped)" }).fill("2");
  await page.getByRole("button", { name: "Start schedule" }).click();
  const schedule = page.getByRole("form", { name: "Scheduled send" });
  await expect(schedule.getByRole("status", { name: "Schedule progress" })).toHaveText(
    "Sent 2 of 2 · done",
  );
  await page.getByRole("combobox", { name: "Replay timing" }).selectOption("fast");
  await page.getByRole("button", { name: "Replay", exact: true }).click();
  const replay = page.getByRole("form", { name: "Replay" });
  await expect(replay.getByRole("status", { name: "Replay progress" })).toHaveText(
    "Sent 3 of 3 · done",
  );
  // The schedule's status still tells the schedule's story.
  await expect(schedule.getByRole("status", { name: "Schedule progress" })).toHaveText(
    "Sent 2 of 2 · done",
  );

  // Each status sits on its button's line, right after it.
  for (const [button, status] of [
    [page.getByRole("button", { name: "Start schedule" }), schedule.getByRole("status")],
    [page.getByRole("button", { name: "Replay", exact: true }), replay.getByRole("status")],
  ] as const) {
    const a = await button.boundingBox();
    const b = await status.boundingBox();
    expect(a && b).toBeTruthy();
    if (!a || !b) continue;
    expect(b.x).toBeGreaterThanOrEqual(a.x + a.width);
    expect(b.x - (a.x + a.width)).toBeLessThan(24);
    expect(Math.abs(b.y + b.height / 2 - (a.y + a.height / 2))).toBeLessThan(6);
  }
});

test("control frames show where they apply: no ping without the relay, close only while connected", async ({
  page,
}) => {
  // A direct connection: closing applies, pinging does not.
  await expect(page.getByRole("button", { name: "Close with code" })).toBeEnabled();
  await expect(page.getByRole("button", { name: "Ping the server" })).toHaveCount(0);
  await expect(page.getByRole("textbox", { name: "Ping payload" })).toHaveCount(0);

  // Turned on, the relay applies to the next connection: the ping shows, and says why it waits.
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("button", { name: "Done" }).click();
  const controls = page.getByRole("form", { name: "Control frames" });
  await expect(controls.getByRole("button", { name: "Ping the server" })).toBeDisabled();
  await expect(controls).toContainText("Reconnect via the relay to send pings");

  await page.getByRole("button", { name: "Disconnect" }).click();
  await expectStatus(page, /^Closed/);
  const close = page.getByRole("form", { name: "Close connection" });
  await expect(close.getByRole("button", { name: "Close with code" })).toBeDisabled();
  await expect(close).toContainText("Connect first");
  await expect(controls).toContainText("Connect via the relay first");

  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, "Open via relay");
  await expect(controls.getByRole("button", { name: "Ping the server" })).toBeEnabled();
  await expect(close.getByRole("button", { name: "Close with code" })).toBeEnabled();
  await expect(close).not.toContainText("Connect first");
});

test("the templates hint shows only where templates apply, on the heading's line", async ({
  page,
}) => {
  const hint = page.getByText(/^Templates: \{\{seq\}\}/);
  const type = page.getByRole("combobox", { name: "Message type" });
  await expect(hint).toBeVisible();
  const a = await hint.boundingBox();
  const b = await type.boundingBox();
  expect(a && b && Math.abs(a.y + a.height / 2 - (b.y + b.height / 2))).toBeLessThan(6);
  await type.selectOption("json");
  await expect(hint).toBeVisible();
  await type.selectOption("binary");
  await expect(hint).toHaveCount(0);
});
