import { expect, test } from "@playwright/test";
import { dataRows, expectStatus, openRelaySettings } from "./helpers.ts";

test("several connections in tabs, each with its own log, and a split view", async ({ page }) => {
  await page.goto("/");
  const origin = new URL(page.url()).host;
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, "Open");
  await page.getByRole("textbox", { name: "Message" }).fill("first tab");
  await page.getByRole("button", { name: "Send", exact: true }).click();

  await page.getByRole("button", { name: "New tab" }).click();
  await expect(page.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(2);
  await page
    .getByRole("textbox", { name: "WebSocket URL" })
    .fill(`ws://${origin}/ticker?interval=50&count=3`);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(dataRows(page).filter({ hasText: '"type":"tick"' })).toHaveCount(3);
  await expect(dataRows(page).filter({ hasText: "first tab" })).toHaveCount(0);

  await page
    .getByRole("tablist", { name: "Sessions" })
    .getByRole("tab", { name: /\/echo/ })
    .click();
  await expect(dataRows(page).filter({ hasText: "first tab" })).toHaveCount(2);
  await expect(dataRows(page).filter({ hasText: '"type":"tick"' })).toHaveCount(0);

  await page
    .getByRole("combobox", { name: "Split with" })
    .selectOption({ label: `${origin}/ticker` });
  const echo = page.getByRole("region", { name: `Session ${origin}/echo` });
  const ticker = page.getByRole("region", { name: `Session ${origin}/ticker` });
  await expect(
    echo.getByRole("grid", { name: "Frames" }).getByRole("row").filter({ hasText: "first tab" }),
  ).toHaveCount(2);
  await expect(
    ticker
      .getByRole("grid", { name: "Frames" })
      .getByRole("row")
      .filter({ hasText: '"type":"tick"' }),
  ).toHaveCount(3);

  await page.getByRole("button", { name: `Close tab ${origin}/ticker` }).click();
  await expect(page.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(1);
  await expect(ticker).toHaveCount(0);
});

test("copy as a websocat or wscat command, and a share link with allow-listed headers only", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  const origin = new URL(page.url()).origin;
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill("ws://localhost:3000/ws");
  await page.getByRole("textbox", { name: "Subprotocols" }).fill("json");
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByRole("textbox", { name: "Header name" }).fill("Authorization");
  await page.getByRole("textbox", { name: "Header value" }).fill("Bearer s3cret");
  await page.getByRole("button", { name: "Add header" }).click();
  await page.getByRole("textbox", { name: "Header name" }).nth(1).fill("X-Request-Id");
  await page.getByRole("textbox", { name: "Header value" }).nth(1).fill("inspector");

  const clipboard = () => page.evaluate(() => navigator.clipboard.readText());
  await page.getByRole("button", { name: "Copy as" }).click();
  await page.getByRole("menuitem", { name: "websocat command" }).click();
  await expect(page.getByRole("status", { name: "Copy result" })).toHaveText(
    "Copied the websocat command",
  );
  expect(await clipboard()).toBe(
    "websocat --protocol json -H 'Authorization: Bearer s3cret' -H 'X-Request-Id: inspector' ws://localhost:3000/ws",
  );

  await page.getByRole("button", { name: "Copy as" }).click();
  await page.getByRole("menuitem", { name: "wscat command" }).click();
  await expect
    .poll(clipboard)
    .toBe(
      "wscat -c ws://localhost:3000/ws -s json -H 'Authorization: Bearer s3cret' -H 'X-Request-Id: inspector'",
    );

  await page.getByRole("button", { name: "Copy as" }).click();
  await page.getByRole("menuitem", { name: /Share link/ }).click();
  await expect.poll(clipboard).toContain("url=ws%3A%2F%2Flocalhost%3A3000%2Fws");
  await expect(page.getByRole("status", { name: "Copy result" })).toHaveText(
    "Copied the share link (left out: Authorization)",
  );
  const link = await clipboard();
  expect(link).not.toContain("s3cret");
  expect(link).not.toContain("Authorization");

  await page.goto(link.replace(origin, ""));
  await expect(page.getByRole("textbox", { name: "WebSocket URL" })).toHaveValue(
    "ws://localhost:3000/ws",
  );
  await expect(page.getByRole("textbox", { name: "Subprotocols" })).toHaveValue("json");
  await expect(page.getByRole("switch", { name: "Via relay" })).toBeChecked();
  await openRelaySettings(page);
  await expect(page.getByRole("textbox", { name: "Header name" })).toHaveValue("X-Request-Id");
});

test("tabs, their captures and recent URLs survive a reload", async ({ page }) => {
  await page.goto("/");
  const origin = new URL(page.url()).host;
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, "Open");
  await page.getByRole("textbox", { name: "Message" }).fill("persist me");
  await page.getByRole("button", { name: "Send", exact: true }).click();
  await expect(dataRows(page).filter({ hasText: "persist me" })).toHaveCount(2);
  await page.getByRole("button", { name: "New tab" }).click();
  await page
    .getByRole("textbox", { name: "WebSocket URL" })
    .fill(`ws://${origin}/ticker?interval=20&count=2`);
  await page.getByRole("button", { name: "Connect" }).click();
  await expect(dataRows(page).filter({ hasText: '"type":"tick"' })).toHaveCount(2);

  // The workspace is saved every few seconds when it changed (and when the page is hidden).
  await page.waitForTimeout(6500);
  await page.reload();

  const tabs = page.getByRole("tablist", { name: "Sessions" }).getByRole("tab");
  await expect(tabs).toHaveCount(2);
  await tabs.filter({ hasText: "/echo" }).click();
  await expect(dataRows(page).filter({ hasText: "persist me" })).toHaveCount(2);
  await expect(page.getByRole("status", { name: "Connection status" })).toHaveText("Not connected");
  await page.getByRole("button", { name: "Recent" }).click();
  await expect(
    page.getByRole("menuitem", { name: `ws://${origin}/ticker?interval=20&count=2` }),
  ).toBeVisible();
});

test("a workspace saved by an earlier build still restores its frames", async ({ page }) => {
  // Seed the saved workspace in the format builds wrote before frames were packed in chunks
  // (a `capture` per tab), from a page of the same origin where the inspector is not running.
  await page.goto("/healthz");
  await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open("socketscope", 2);
      request.onupgradeneeded = () => {
        for (const name of ["saved-messages", "workspace"])
          request.result.createObjectStore(name, { keyPath: "id" });
      };
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
    const url = "ws://127.0.0.1:9/old";
    const record = {
      id: "workspace",
      recent: [url],
      sessions: [
        {
          settings: { url, protocols: "", reconnect: false, viaRelay: false },
          capture: {
            url,
            protocols: [],
            startedAt: 1_700_000_000_000,
            frames: [
              {
                time: 1_700_000_000_000,
                direction: "received",
                kind: "text",
                payload: "kept by an earlier build",
              },
            ],
          },
        },
      ],
    };
    await new Promise<void>((resolve, reject) => {
      const transaction = db.transaction("workspace", "readwrite");
      transaction.objectStore("workspace").put(record);
      transaction.oncomplete = () => resolve();
      transaction.onerror = () => reject(transaction.error);
    });
    db.close();
  });

  await page.goto("/");
  await expect(page.getByRole("textbox", { name: "WebSocket URL" })).toHaveValue(
    "ws://127.0.0.1:9/old",
  );
  await expect(dataRows(page).filter({ hasText: "kept by an earlier build" })).toHaveCount(1);
});
