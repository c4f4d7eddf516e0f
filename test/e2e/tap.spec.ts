import { mkdirSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { expect, type Page, test } from "@playwright/test";
import { WebSocketServer } from "ws";
import { expectNoSeriousViolations } from "./axe.ts";
import { dataRows, exportAs, frames } from "./helpers.ts";

/**
 * Tap mode against the real server: the inspector makes a tap to a `ws` server this test starts,
 * an app page (served by that server, on another loopback origin) connects through the tap, and
 * the inspector shows both directions, holds a frame at a breakpoint and forwards it as edited.
 * What the target received is asserted on the target itself.
 */

/** The app's server: a page at `/` for the app, and a WebSocket echo that records what came. */
interface Target {
  url: string;
  wsUrl: string;
  seen: string[];
  close(): Promise<void>;
}

async function startTarget(): Promise<Target> {
  const seen: string[] = [];
  const http: Server = createServer((_request, response) => {
    response.setHeader("Content-Type", "text/html; charset=utf-8");
    response.end("<!doctype html><title>The app</title><h1>The app</h1>");
  });
  const wss = new WebSocketServer({ server: http });
  wss.on("connection", (socket) =>
    socket.on("message", (data, isBinary) => {
      seen.push(isBinary ? `binary:${Buffer.from(data as Buffer).toString("hex")}` : String(data));
      socket.send(data, { binary: isBinary });
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, "127.0.0.1", resolve));
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    seen,
    close: () =>
      new Promise((resolve) => {
        for (const client of wss.clients) client.terminate();
        wss.close();
        http.close(() => resolve());
      }),
  };
}

let target: Target;
test.beforeAll(async () => {
  target = await startTarget();
});
test.afterAll(() => target.close());
test.beforeEach(() => {
  target.seen.length = 0;
});

/** Makes a tap in the inspector and returns its URL. Names differ per test: taps outlive a test. */
async function createTap(page: Page, name: string, tapTarget: string) {
  await page.getByRole("button", { name: "New tap" }).click();
  const dialog = page.getByRole("dialog", { name: "New tap" });
  await dialog.getByRole("textbox", { name: "Tap name" }).fill(name);
  await dialog.getByRole("textbox", { name: "Tap target" }).fill(tapTarget);
  await dialog.getByRole("button", { name: "Create tap" }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByRole("status", { name: "Tap status" })).toHaveText(
    "Watching: 0 clients connected",
  );
  return page.getByRole("textbox", { name: "Tap URL" }).inputValue();
}

/** Opens the app page and connects it through the tap; its messages collect in `received`. */
async function openApp(page: Page, tapUrl: string) {
  const app = await page.context().newPage();
  await app.goto(target.url);
  await app.evaluate(async (url) => {
    const state = window as unknown as { ws: WebSocket; received: string[] };
    state.received = [];
    state.ws = new WebSocket(url);
    state.ws.onmessage = (event) => state.received.push(String(event.data));
    await new Promise((resolve, reject) => {
      state.ws.onopen = resolve;
      state.ws.onerror = reject;
    });
  }, tapUrl);
  return {
    send: (text: string) =>
      app.evaluate((data) => (window as unknown as { ws: WebSocket }).ws.send(data), text),
    received: () => app.evaluate(() => (window as unknown as { received: string[] }).received),
  };
}

/** Adds a breakpoint on text going to the server. */
async function addBreakpoint(page: Page, text: string) {
  const rules = page.getByRole("region", { name: "Rules" });
  await rules.getByRole("button", { name: "Add rule" }).click();
  const form = rules.getByRole("form", { name: "New rule" });
  await form
    .getByRole("combobox", { name: "Direction" })
    .selectOption({ label: "Client → server" });
  await form.getByRole("combobox", { name: "Match" }).selectOption({ label: "Text contains" });
  await form.getByRole("textbox", { name: "Text" }).fill(text);
  await form
    .getByRole("combobox", { name: "Action" })
    .selectOption({ label: "Pause (breakpoint)" });
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();
  await expect(rules.getByRole("listitem")).toContainText(
    `client → server, text contains “${text}” → pause (breakpoint)`,
  );
}

test("an app's traffic through a tap: both directions, a breakpoint edited and forwarded", async ({
  page,
}) => {
  await page.goto("/");
  const tapUrl = await createTap(page, "e2e-breakpoint", target.wsUrl);
  expect(tapUrl).toMatch(/^ws:\/\/127\.0\.0\.1:\d+\/tap\/e2e-breakpoint$/);

  const app = await openApp(page, tapUrl);
  await expect(page.getByRole("status", { name: "Tap status" })).toHaveText(
    "Watching: 1 client connected",
  );
  const clients = page.getByRole("region", { name: "Tap clients" });
  await expect(clients.getByRole("row", { name: /#1 127\.0\.0\.1/ })).toContainText("open");

  await app.send("hello through the tap");
  await expect(
    frames(page).getByRole("row", { name: /Client → server #1 hello through the tap/ }),
  ).toBeVisible();
  await expect(
    frames(page).getByRole("row", { name: /Server → client #1 hello through the tap/ }),
  ).toBeVisible();
  await expect.poll(() => target.seen).toEqual(["hello through the tap"]);
  // The client's counts come with the log's next update.
  await expect(clients.getByRole("row", { name: /#1 127\.0\.0\.1/ })).toContainText("1 out · 1 in");

  await addBreakpoint(page, "order");
  await app.send("order 1");
  const held = page.getByRole("region", { name: "Held frames" });
  const payload = held.getByRole("textbox", { name: "Held payload" });
  await expect(payload).toHaveValue("order 1");
  // Held: the target has not had it.
  await page.waitForTimeout(300);
  expect(target.seen).toEqual(["hello through the tap"]);

  await payload.fill("order 2 (edited)");
  await held.getByRole("button", { name: "Forward" }).click();
  await expect.poll(() => target.seen).toEqual(["hello through the tap", "order 2 (edited)"]);
  await expect.poll(() => app.received()).toContain("order 2 (edited)");
  await expect(held.getByRole("textbox", { name: "Held payload" })).toHaveCount(0);
  const changedRow = frames(page).getByRole("row", {
    name: /Client → server #1 changed order 2 \(edited\)/,
  });
  await expect(changedRow).toBeVisible();
  await changedRow.click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("definition").first()).toHaveText("Client → server");
  await expect(detail.getByRole("definition").nth(1)).toHaveText("#1 changed");
  await expect(page.getByRole("region", { name: "Rules" }).getByRole("listitem")).toContainText(
    "1 hit",
  );
});

test("inject from the composer toward the app and toward the server", async ({ page }) => {
  await page.goto("/");
  const tapUrl = await createTap(page, "e2e-inject", target.wsUrl);
  const app = await openApp(page, tapUrl);
  await expect(page.getByRole("status", { name: "Tap status" })).toHaveText(
    "Watching: 1 client connected",
  );
  await expect(page.getByRole("combobox", { name: "Inject into" })).toHaveValue("1");

  await page
    .getByRole("combobox", { name: "Toward" })
    .selectOption({ label: "The app (as from the server)" });
  await page.getByRole("textbox", { name: "Message" }).fill("to the app");
  await page.getByRole("button", { name: "Send" }).click();
  await expect.poll(() => app.received()).toEqual(["to the app"]);
  expect(target.seen).toEqual([]);

  await page
    .getByRole("combobox", { name: "Toward" })
    .selectOption({ label: "The server (as from the app)" });
  await page.getByRole("textbox", { name: "Message" }).fill("to the server");
  await page.getByRole("button", { name: "Send" }).click();
  await expect.poll(() => target.seen).toEqual(["to the server"]);
  await expect(
    frames(page).getByRole("row", { name: /Client → server #1 injected to the server/ }),
  ).toBeVisible();

  // The per-client filter, export and import keep to the tap's clients.
  const second = await openApp(page, tapUrl);
  await second.send("from the second app");
  await expect(
    frames(page).getByRole("row", { name: /Server → client #2 from the second app/ }),
  ).toBeVisible();
  await page.getByRole("button", { name: "Show only client #1" }).click();
  await expect(dataRows(page).filter({ hasText: "second app" })).toHaveCount(0);
  await expect(dataRows(page).filter({ hasText: "to the server" })).not.toHaveCount(0);
  await page.getByRole("button", { name: "Show only client #1" }).click();

  const text = await exportAs(page, "NDJSON", test.info().outputPath("tap.ndjson"));
  expect(text).toContain('"text":"from the second app","stream":2');
  await page.getByLabel("Import").setInputFiles(test.info().outputPath("tap.ndjson"));
  await expect(page.getByRole("status", { name: "Tap status" }).last()).toHaveText(
    "Imported capture (not watching)",
  );
  await expect(
    page
      .getByRole("grid", { name: "Frames" })
      .last()
      .getByRole("row", {
        name: /Server → client #2 from the second app/,
      }),
  ).toBeVisible();
});

test("a mock tap answers from its rules alone", async ({ page }) => {
  await page.goto("/");
  const tapUrl = await createTap(page, "e2e-mock", "");
  await expect(page.getByText("→ mock: answers from its rules")).toBeVisible();
  const rules = page.getByRole("region", { name: "Rules" });
  await rules.getByRole("button", { name: "Add rule" }).click();
  const form = rules.getByRole("form", { name: "New rule" });
  await form.getByRole("combobox", { name: "Match" }).selectOption({ label: "JSON field" });
  await form.getByRole("textbox", { name: "JSON path" }).fill("$.op");
  await form.getByRole("textbox", { name: "Equals (JSON)" }).fill('"hello"');
  await form.getByRole("combobox", { name: "Action" }).selectOption({ label: "Respond" });
  await form.getByRole("textbox", { name: "Respond with" }).fill('{"op":"welcome"}');
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();

  const app = await openApp(page, tapUrl);
  await app.send('{"op":"hello"}');
  await expect.poll(() => app.received()).toEqual(['{"op":"welcome"}']);
  await expect(
    frames(page).getByRole("row", { name: /Server → client #1 injected \{"op":"welcome"\}/ }),
  ).toBeVisible();
});

test("a rule the tap refuses stays in the form, with the tap's words on its field", async ({
  page,
}) => {
  await page.goto("/");
  await createTap(page, "e2e-refused", target.wsUrl);
  const rules = page.getByRole("region", { name: "Rules" });
  await rules.getByRole("button", { name: "Add rule" }).click();
  const form = rules.getByRole("form", { name: "New rule" });
  await form.getByRole("combobox", { name: "Match" }).selectOption({ label: "Regex" });
  await form.getByRole("textbox", { name: "Regex" }).fill("(unclosed");
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form.getByRole("alert")).toHaveText(
    "Not a valid regular expression: /(unclosed/: Unterminated group",
  );
  await expect(form.getByRole("textbox", { name: "Regex" })).toHaveAttribute(
    "aria-invalid",
    "true",
  );
});

for (const colorScheme of ["light", "dark"] as const) {
  test(`tap views pass axe in the ${colorScheme} theme`, async ({ page }) => {
    await page.emulateMedia({ colorScheme });
    await page.goto("/");
    await page.getByRole("button", { name: "New tap" }).click();
    await expect(page.getByRole("dialog", { name: "New tap" })).toBeVisible();
    await expectNoSeriousViolations(page, `New tap dialog, ${colorScheme}`);
    await page.getByRole("button", { name: "Cancel" }).click();

    const tapUrl = await createTap(page, `e2e-axe-${colorScheme}`, target.wsUrl);
    const app = await openApp(page, tapUrl);
    await addBreakpoint(page, "hold");
    await app.send("hold this");
    await expect(page.getByRole("textbox", { name: "Held payload" })).toHaveValue("hold this");
    await page
      .getByRole("region", { name: "Rules" })
      .getByRole("button", { name: "Add rule" })
      .click();
    await page.getByRole("combobox", { name: "Action" }).selectOption({ label: "Replace" });
    await expectNoSeriousViolations(
      page,
      `tap tab with a held frame and the rule form, ${colorScheme}`,
    );
    await page.getByRole("button", { name: "Drop" }).click();
  });
}

/** Where a walkthrough screenshot goes: docs/images with UPDATE_DOCS_SCREENSHOTS, else the test's output. */
function shotPath(name: string) {
  const path = process.env.UPDATE_DOCS_SCREENSHOTS
    ? `docs/images/${name}`
    : test.info().outputPath(name);
  mkdirSync(path.replace(/\/[^/]+$/, ""), { recursive: true });
  return path;
}

test("screenshots of the breakpoint walkthrough in docs/tap.md", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 800 });
  await page.goto("/");
  await page.getByRole("button", { name: "New tap" }).click();
  const dialog = page.getByRole("dialog", { name: "New tap" });
  await dialog.getByRole("textbox", { name: "Tap name" }).fill("chat");
  await dialog.getByRole("textbox", { name: "Tap target" }).fill(target.wsUrl);
  await page.screenshot({ path: shotPath("tap-new.png") });
  await dialog.getByRole("button", { name: "Create tap" }).click();
  await expect(page.getByRole("status", { name: "Tap status" })).toHaveText(
    "Watching: 0 clients connected",
  );
  const tapUrl = await page.getByRole("textbox", { name: "Tap URL" }).inputValue();

  const app = await openApp(page, tapUrl);
  await app.send('{"op":"join","room":"lobby"}');
  await app.send('{"op":"say","text":"hello"}');
  await expect(
    frames(page).getByRole("row", { name: /Server → client #1 \{"op":"say"/ }),
  ).toBeVisible();

  const rules = page.getByRole("region", { name: "Rules" });
  await rules.getByRole("button", { name: "Add rule" }).click();
  const form = rules.getByRole("form", { name: "New rule" });
  await form
    .getByRole("combobox", { name: "Direction" })
    .selectOption({ label: "Client → server" });
  await form.getByRole("combobox", { name: "Match" }).selectOption({ label: "JSON field" });
  await form.getByRole("textbox", { name: "JSON path" }).fill("$.op");
  await form.getByRole("textbox", { name: "Equals (JSON)" }).fill('"order"');
  await form
    .getByRole("combobox", { name: "Action" })
    .selectOption({ label: "Pause (breakpoint)" });
  await page.screenshot({ path: shotPath("tap-rule.png") });
  await form.getByRole("button", { name: "Save rule" }).click();
  await expect(form).toBeHidden();

  await app.send('{"op":"order","item":"tea","qty":1}');
  const held = page.getByRole("region", { name: "Held frames" });
  const payload = held.getByRole("textbox", { name: "Held payload" });
  await expect(payload).toHaveValue('{"op":"order","item":"tea","qty":1}');
  await payload.fill('{"op":"order","item":"tea","qty":12}');
  await page.screenshot({ path: shotPath("tap-held.png") });
  await held.getByRole("button", { name: "Forward" }).click();
  await expect.poll(() => target.seen.at(-1)).toBe('{"op":"order","item":"tea","qty":12}');
  const changed = frames(page).getByRole("row", { name: /Client → server #1 changed/ });
  await changed.click();
  await page.screenshot({ path: shotPath("tap-forwarded.png") });
});
