import type { ChildProcess } from "node:child_process";
import { expect, type Page, test } from "@playwright/test";
import { startCli } from "../server/cli-process.ts";
import { expectNoSeriousViolations } from "./axe.ts";
import { connectTo, dataRows, expectStatus, exportAs, frames, send } from "./helpers.ts";

const PROTO_DIR = "test/fixtures/proto";
const children: ChildProcess[] = [];

test.afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
});

test.beforeEach(async ({ page }) => {
  await page.goto("/");
});

/** Opens the Decoders tab of the bottom panel. */
async function openDecoders(page: Page) {
  await page.getByRole("tab", { name: "Decoders" }).click();
}

/** Loads market.proto and the common.proto it imports, in one pick. */
async function loadMarketSchema(page: Page) {
  await openDecoders(page);
  await page
    .getByLabel("Load .proto")
    .setInputFiles([`${PROTO_DIR}/market.proto`, `${PROTO_DIR}/common.proto`]);
  await expect(page.getByRole("list", { name: "Loaded .proto files" })).toContainText(
    "common.proto",
  );
}

/** The longest gap between animation frames over `ms`, in ms: the page's thread was busy that long. */
function worstFrameGap(page: Page, ms: number) {
  return page.evaluate(
    (duration) =>
      new Promise<number>((resolve) => {
        let last = performance.now();
        let worst = 0;
        const until = last + duration;
        const tick = (now: number) => {
          worst = Math.max(worst, now - last);
          last = now;
          if (now < until) requestAnimationFrame(tick);
          else resolve(worst);
        };
        requestAnimationFrame(tick);
      }),
    ms,
  );
}

/** Sends a protobuf message from the composer: `json` encoded as the sent message type. */
async function sendProtobuf(page: Page, json: string) {
  await page.getByRole("tab", { name: "Compose" }).click();
  await page.getByRole("combobox", { name: "Message type", exact: true }).selectOption("protobuf");
  await page.getByRole("textbox", { name: "Message" }).fill(json);
  await page.getByRole("button", { name: "Send", exact: true }).click();
}

test("load a schema across two files, compose a protobuf frame and see it decoded", async ({
  page,
}) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await loadMarketSchema(page);
  await page.getByRole("combobox", { name: "Message type (sent)" }).selectOption("market.Envelope");
  await page
    .getByRole("combobox", { name: "Message type (received)" })
    .selectOption("market.Envelope");

  // An error names the field, and nothing is sent.
  await page.getByRole("tab", { name: "Compose" }).click();
  await page.getByRole("combobox", { name: "Message type", exact: true }).selectOption("protobuf");
  const message = page.getByRole("textbox", { name: "Message" });
  await message.fill('{"seq": 7, "trade": {"symbol": "ACME", "side": "SIDEWAYS"}}');
  await expect(page.getByText(/trade\.side/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Send", exact: true })).toBeDisabled();

  await sendProtobuf(
    page,
    '{"seq": 7, "trade": {"symbol": "ACME", "price": 101.5, "qty": 3, "side": "SELL"}, "tags": ["x"]}',
  );
  // /echo sends the bytes back: both frames are binary, decoded as Envelope.
  await expect(dataRows(page).filter({ hasText: "Received" })).toHaveCount(1);
  await dataRows(page).filter({ hasText: "Received" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await expect(detail.getByRole("tab", { name: "Decoded" })).toHaveAttribute(
    "aria-selected",
    "true",
  );
  await expect(detail.getByText(/^Protobuf market\.Envelope: /)).toBeVisible();
  const tree = detail.getByRole("list", { name: "JSON tree" });
  await tree.getByRole("button", { name: /trade/ }).click();
  await expect(tree).toContainText('symbol: "ACME"');
  await expect(tree).toContainText('side: "SELL"');
  await expect(tree).toContainText("price: 101.5");

  // Detect ranks the types for this frame; using one sets the frame's own type.
  await detail.getByRole("button", { name: "Detect" }).click();
  const ranked = detail.getByRole("list", { name: "Message types by fit" });
  await expect(ranked.getByRole("listitem").first()).toContainText("market.Envelope");
  await expect(ranked.getByRole("listitem").first()).toContainText("clean");
  await ranked.getByRole("button", { name: "Use market.Envelope", exact: true }).click();
  await expect(detail.getByRole("combobox", { name: "Message type (this frame)" })).toHaveValue(
    "market.Envelope",
  );
});

test("the playground's schemas decode /firehose?format=protobuf, and travel with an export", async ({
  page,
}, testInfo) => {
  await connectTo(page, "/firehose?format=protobuf&rate=20&count=3&size=64");
  await expect(dataRows(page).filter({ hasText: "Received" })).toHaveCount(3);
  await openDecoders(page);
  await page.getByRole("button", { name: "Load the playground's schemas" }).click();
  await expect(page.getByRole("combobox", { name: "Message type (received)" })).toHaveValue(
    "socketscope.firehose.Tick",
  );
  await dataRows(page).filter({ hasText: "Received" }).nth(2).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await detail.getByRole("tab", { name: "Decoded" }).click();
  await expect(detail.getByText(/^Protobuf socketscope\.firehose\.Tick: /)).toBeVisible();
  await expect(detail.getByRole("list", { name: "JSON tree" })).toContainText("seq: 3");

  // A custom decoder too: it travels, but waits for review in the imported tab.
  await page.getByRole("textbox", { name: "Custom decoder" }).fill("(p) => p.length");
  await page.getByRole("button", { name: "Run decoder" }).click();
  const path = testInfo.outputPath("firehose.ndjson");
  const session = JSON.parse((await exportAs(page, "NDJSON", path)).split("\n")[0] ?? "{}");
  expect(session.decoders.protoFiles[0].name).toBe("firehose.proto");
  expect(session.decoders.receivedType).toBe("socketscope.firehose.Tick");

  await page.getByLabel("Import").setInputFiles(path);
  await expect(page.getByRole("tablist", { name: "Sessions" }).getByRole("tab")).toHaveCount(2);
  await openDecoders(page);
  await expect(page.getByRole("list", { name: "Loaded .proto files" })).toContainText(
    "firehose.proto",
  );
  await expect(page.getByRole("textbox", { name: "Custom decoder" })).toHaveValue(
    "(p) => p.length",
  );
  await expect(
    page.getByRole("status").filter({ hasText: "came with an imported file" }),
  ).toBeVisible();
  await dataRows(page).filter({ hasText: "Received" }).first().click();
  await page
    .getByRole("region", { name: "Frame detail" })
    .getByRole("tab", { name: "Decoded" })
    .click();
  await expect(
    page
      .getByRole("region", { name: "Frame detail" })
      .getByText(/^Protobuf socketscope\.firehose\.Tick: /),
  ).toBeVisible();
});

test("schemas, message types and a running custom decoder survive a reload", async ({ page }) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, '{"type": "hello"}');
  await loadMarketSchema(page);
  await page
    .getByRole("combobox", { name: "Message type (received)" })
    .selectOption("market.Trade");
  await page.getByRole("textbox", { name: "Custom decoder" }).fill("(p) => JSON.parse(p)");
  await page.getByRole("textbox", { name: "Column" }).fill("type");
  await page.getByRole("button", { name: "Run decoder" }).click();
  await expect(frames(page).getByRole("columnheader", { name: "type" })).toBeVisible();
  // The workspace saves every 5 s when something changed.
  await page.waitForTimeout(6500);
  await page.reload();

  await openDecoders(page);
  await expect(page.getByRole("list", { name: "Loaded .proto files" })).toContainText(
    "market.proto",
  );
  await expect(page.getByRole("combobox", { name: "Message type (received)" })).toHaveValue(
    "market.Trade",
  );
  // The user's own decoder, restored with their workspace, runs again without asking.
  await expect(page.getByRole("status").filter({ hasText: /^Running$/ })).toBeVisible();
  await expect(frames(page).getByRole("row", { name: /^Received hello / })).toHaveCount(1);
});

test("a schema error names the file and line, and the files stay listed", async ({ page }) => {
  await openDecoders(page);
  // market.proto alone: its import of common.proto is missing.
  await page.getByLabel("Load .proto").setInputFiles([`${PROTO_DIR}/market.proto`]);
  await expect(page.getByRole("alert")).toContainText("common.proto");
  await page.getByLabel("Load .proto").setInputFiles([`${PROTO_DIR}/common.proto`]);
  await expect(page.getByRole("alert")).toHaveCount(0);
  await expect(page.getByRole("combobox", { name: "Message type (received)" })).toBeEnabled();
});

test("Compare two selected frames, and Compare with previous of the same type", async ({
  page,
}) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, '{"id": 1, "price": 10, "side": "buy"}');
  await send(page, '{"id": 1, "price": 12, "side": "buy", "note": "late"}');
  await expect(dataRows(page).filter({ hasText: "Received" })).toHaveCount(2);

  const compare = page.getByRole("button", { name: "Compare", exact: true });
  const received = dataRows(page).filter({ hasText: "Received" });
  await received.nth(0).click();
  await expect(compare).toBeDisabled();
  await received.nth(1).click({ modifiers: ["ControlOrMeta"] });
  await expect(received.nth(0)).toHaveAttribute("aria-selected", "true");
  await expect(received.nth(1)).toHaveAttribute("aria-selected", "true");
  await compare.click();

  const diff = page.getByRole("region", { name: "Diff" });
  await expect(diff.getByRole("status")).toHaveText("2 changes (JSON)");
  await expect(diff.getByRole("row", { name: /\$\.price changed 10 12/ })).toBeVisible();
  await expect(diff.getByRole("row", { name: /\$\.note added "late"/ })).toBeVisible();
  await diff.getByRole("button", { name: "Close diff" }).click();
  await expect(diff).toHaveCount(0);

  // One click: the selected frame against the previous received text frame.
  await received.nth(1).click();
  await page.getByRole("button", { name: "Compare with previous of the same type" }).click();
  await expect(diff.getByRole("status")).toHaveText("2 changes (JSON)");
  await expect(diff).toContainText(/Left: #\d+ received/);
  await diff.getByRole("button", { name: "Close diff" }).click();

  // By keyboard: Shift+↑ keeps the row it leaves selected. The echo is what was sent.
  await received.nth(1).click();
  await page.keyboard.press("Shift+ArrowUp");
  await expect(frames(page).getByRole("row", { selected: true })).toHaveCount(2);
  await compare.click();
  await expect(diff.getByRole("status")).toHaveText("Identical");
  await expect(diff).toContainText(/Left: #\d+ sent/);
});

test("a binary diff by bytes, side by side", async ({ page }) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  for (const hex of ["01 02 03 04", "01 02 ff 04 05"]) {
    await page.getByRole("combobox", { name: "Message type", exact: true }).selectOption("binary");
    await page.getByRole("textbox", { name: "Message" }).fill(hex);
    await page.getByRole("button", { name: "Send", exact: true }).click();
  }
  const received = dataRows(page).filter({ hasText: "Received" });
  await expect(received).toHaveCount(2);
  await received.nth(1).click();
  await page.getByRole("button", { name: "Compare with previous of the same type" }).click();
  const diff = page.getByRole("region", { name: "Diff" });
  // Aligned with an edit script: 03 became ff, 05 was added, the rest lines up.
  await expect(diff.getByRole("status")).toHaveText("2 rows of bytes differ (4 and 5 bytes)");
  await expect(diff.getByRole("row", { name: "00000000 01 02 00000000 01 02" })).toBeVisible();
  await expect(diff.getByRole("row", { name: "changed 00000002 03 00000002 ff" })).toBeVisible();
  await expect(diff.getByRole("row", { name: "added 00000004 05" })).toBeVisible();
});

test("a custom decoder fills a column the filter matches, and its errors show per frame", async ({
  page,
}) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, '{"type": "order", "n": 1}');
  await send(page, '{"type": "cancel", "n": 2}');
  await send(page, "not json");
  await expect(dataRows(page).filter({ hasText: "Received" })).toHaveCount(3);

  await openDecoders(page);
  await page
    .getByRole("textbox", { name: "Custom decoder" })
    .fill("(payload) => JSON.parse(payload)");
  await page.getByRole("textbox", { name: "Column" }).fill("type");
  await page.getByRole("button", { name: "Run decoder" }).click();
  await expect(page.getByRole("status").filter({ hasText: /^Running$/ })).toBeVisible();
  await expect(frames(page).getByRole("columnheader", { name: "type" })).toBeVisible();
  await expect(dataRows(page).filter({ hasText: "cancel" })).toHaveCount(2);

  await page.getByRole("searchbox", { name: "Filter frames" }).fill("order");
  await expect(dataRows(page)).toHaveCount(2);
  await page.getByRole("searchbox", { name: "Filter frames" }).fill("");

  // The frame that is not JSON: its error, in the Decoded tab.
  await dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "not json" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await detail.getByRole("tab", { name: "Decoded" }).click();
  await expect(
    detail.getByRole("region", { name: "Custom decoder result" }).getByRole("alert"),
  ).toContainText("SyntaxError");
});

test("a decoder that loops forever times out per frame, and the page stays responsive", async ({
  page,
}) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  await send(page, "one");
  await send(page, "two");
  await expect(dataRows(page).filter({ hasText: "Received" })).toHaveCount(2);

  await openDecoders(page);
  await page
    .getByRole("textbox", { name: "Custom decoder" })
    .fill('(payload) => { if (payload === "one") for (;;) {} return payload.length }');
  await page.getByRole("textbox", { name: "Column" }).fill("$");
  await page.getByRole("textbox", { name: "Time limit per frame (ms)" }).fill("100");
  await page.getByRole("button", { name: "Run decoder" }).click();

  // While the worker spins, the page's thread keeps painting frames.
  expect(await worstFrameGap(page, 600)).toBeLessThan(250);

  // "two" comes after the hung frame: a fresh worker decoded it.
  await expect(dataRows(page).filter({ hasText: /Received.*3.*two/ })).toHaveCount(1);
  await dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "one" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await detail.getByRole("tab", { name: "Decoded" }).click();
  await expect(detail.getByRole("alert")).toContainText("Stopped after 100 ms");
});

test("hostile decoders: huge output is bounded, a throw of anything is shown, the network is gone", async ({
  page,
}) => {
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  for (const text of ["list", "string", "throw", "net"]) await send(page, text);
  await expect(dataRows(page).filter({ hasText: "Received" })).toHaveCount(4);

  await openDecoders(page);
  await page.getByRole("textbox", { name: "Custom decoder" }).fill(`(p) => {
  if (p === "list") return Array.from({ length: 1e6 }, (_, i) => i);
  if (p === "string") return "x".repeat(5e7);
  if (p === "throw") throw 42;
  return [typeof fetch, typeof WebSocket, typeof XMLHttpRequest, typeof indexedDB, typeof importScripts].join();
}`);
  await page.getByRole("textbox", { name: "Column" }).fill("$");
  await page.getByRole("textbox", { name: "Time limit per frame (ms)" }).fill("5000");
  await page.getByRole("button", { name: "Run decoder" }).click();
  // While the worker builds a million-item list and a 50 MB string, the page keeps painting.
  expect(await worstFrameGap(page, 600)).toBeLessThan(250);

  // By the row's accessible name, which separates cells (textContent runs them together).
  const cell = (payload: string) =>
    frames(page)
      .getByRole("row", { name: new RegExp(`^Received (.* )?${payload} \\d+ B `) })
      .getByRole("gridcell")
      .nth(1);
  await expect(cell("net")).toHaveText("undefined,undefined,undefined,undefined,undefined");
  await expect(cell("list")).toHaveText(/^\[0,1,2,3,4,5,6,7,8,9,10,.*…$/);
  await expect(cell("string")).toHaveText(/^x{200}…$/);
  await expect(cell("throw")).toHaveText("");

  await dataRows(page).filter({ hasText: "Received" }).filter({ hasText: "throw" }).click();
  const detail = page.getByRole("region", { name: "Frame detail" });
  await detail.getByRole("tab", { name: "Decoded" }).click();
  await expect(detail.getByRole("alert")).toHaveText("Threw 42");

  // A source that does not parse: the error says so, and every frame carries it.
  await page.getByRole("tab", { name: "Decoders" }).click();
  await page.getByRole("textbox", { name: "Custom decoder" }).fill("(p) =>");
  await page.getByRole("button", { name: "Run decoder" }).click();
  await expect(
    page.getByRole("status").filter({ hasText: "Does not load: SyntaxError" }),
  ).toBeVisible();
  await expect(detail.getByRole("alert")).toContainText("SyntaxError");
});

test("compressed sizes through the relay from a --deflate server", async ({ page }) => {
  const target = await startCli(["--deflate", "--host", "127.0.0.1"], children);
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill(`${target.ws}/echo`);
  await page.getByRole("switch", { name: "Via relay" }).check();
  await page.getByRole("button", { name: "Connect" }).click();
  await expectStatus(page, "Open via relay");

  await send(page, "compress me ".repeat(200));
  const received = dataRows(page).filter({ hasText: "Received" });
  await expect(received).toHaveCount(1);
  await expect(frames(page).getByRole("columnheader", { name: "Wire size" })).toBeVisible();
  // 2,400 bytes of one phrase deflate to a few percent.
  await expect(received.getByRole("gridcell", { name: /^\d+ B · \d(\.\d)?%$/ })).toBeVisible();
  await expect(page.getByRole("region", { name: "Status bar" })).toContainText(
    /Wire: [\d.]+ (B|KiB) for [\d.]+ KiB \(\d+(\.\d)?%\)/,
  );
  await received.click();
  await expect(page.getByRole("region", { name: "Frame detail" })).toContainText(
    /on the wire, compressed by permessage-deflate/,
  );
});

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} theme`, () => {
    test.use({ colorScheme });
    test("the Decoders tab, a decoded frame and the Diff pass axe", async ({ page }) => {
      await connectTo(page, "/echo");
      await expectStatus(page, "Open");
      await loadMarketSchema(page);
      await page
        .getByRole("combobox", { name: "Message type (sent)" })
        .selectOption("market.Quote");
      await page
        .getByRole("combobox", { name: "Message type (received)" })
        .selectOption("market.Quote");
      await page.getByRole("textbox", { name: "Custom decoder" }).fill("(p) => ({ n: p.length })");
      await page.getByRole("textbox", { name: "Column" }).fill("n");
      await page.getByRole("button", { name: "Run decoder" }).click();
      await expectNoSeriousViolations(page, `Decoders tab (${colorScheme})`);

      await sendProtobuf(page, '{"symbol": "ACME", "bid": 1.5, "ask": 2}');
      await sendProtobuf(page, '{"symbol": "ACME", "bid": 1.75, "ask": 2}');
      const received = dataRows(page).filter({ hasText: "Received" });
      await expect(received).toHaveCount(2);
      await received.nth(1).click();
      await page
        .getByRole("region", { name: "Frame detail" })
        .getByRole("button", { name: "Detect" })
        .click();
      await expectNoSeriousViolations(page, `decoded frame (${colorScheme})`);

      await page.getByRole("button", { name: "Compare with previous of the same type" }).click();
      await expect(page.getByRole("region", { name: "Diff" }).getByRole("status")).toHaveText(
        "1 change (Protobuf market.Quote)",
      );
      await expectNoSeriousViolations(page, `Diff (${colorScheme})`);
    });
  });
}
