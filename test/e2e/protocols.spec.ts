import { readFileSync } from "node:fs";
import { expect, type Page, test } from "@playwright/test";
import { expectNoSeriousViolations } from "./axe.ts";
import { connectTo, dataRows, expectStatus, frames, send } from "./helpers.ts";

/** Opens the Protocol tab of the bottom panel. */
async function openProtocol(page: Page) {
  const tab = page.getByRole("tab", { name: "Protocol", exact: true });
  await tab.click();
  await expect(tab).toHaveAttribute("aria-selected", "true");
  return page.getByRole("region", { name: "Protocol" });
}

/** The Latency cell of a row (the last cell of the log's grid). */
function latencyOf(row: ReturnType<typeof dataRows>) {
  return row.getByRole("gridcell").last();
}

/** axe over the page in the light scheme, then the dark one, then back. */
async function expectBothSchemesAccessible(page: Page, view: string) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectNoSeriousViolations(page, `${view}, ${colorScheme}`);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

// A latency as the log writes it: 850 µs, 12.345 ms, 1.250 s.
const LATENCY = /^\d+(\.\d{3})? (µs|ms|s)$/;

for (const colorScheme of ["light", "dark"] as const) {
  test.describe(`${colorScheme} scheme`, () => {
    test.use({ colorScheme });

    test("Socket.IO: connect, emit with an ack, see the ack paired with its latency", async ({
      page,
    }) => {
      await page.goto("/");
      await connectTo(page, "/socket.io/");
      await expectStatus(page, "Open");
      const panel = await openProtocol(page);
      await expect(panel.getByRole("combobox", { name: "Protocol" })).toHaveValue("socketio");
      await expect(panel.getByText("Detected: the URL is a Socket.IO endpoint")).toBeVisible();
      // The session answered the open packet by connecting the main namespace.
      await expect(panel.getByRole("list", { name: "Namespaces" })).toContainText("/ connected");

      await panel.getByRole("textbox", { name: "Event" }).fill("echo");
      await panel.getByRole("textbox", { name: "Arguments" }).fill('["hello", {"n": 1}]');
      await panel.getByRole("checkbox", { name: "Ack" }).check();
      await panel.getByRole("button", { name: "Emit" }).click();
      await expect(panel.getByRole("status").filter({ hasText: "Emitted" })).toHaveText(
        "Emitted echo with ack 0",
      );

      await expect(frames(page).getByRole("columnheader", { name: "Latency" })).toBeVisible();
      const emit = dataRows(page).filter({ hasText: '420["echo","hello",{"n":1}]' });
      const ack = dataRows(page).filter({ hasText: '430["hello",{"n":1}]' });
      await expect(latencyOf(ack)).toHaveText(LATENCY);
      await expect(latencyOf(emit)).toHaveText("");

      // Selecting the emit highlights its ack, and the other way round.
      await emit.click();
      await expect(ack).toHaveAccessibleName(/paired with the selected frame/);
      await ack.click();
      await expect(emit).toHaveAccessibleName(/paired with the selected frame/);
      await expect(page.getByRole("region", { name: "Frame detail" })).toContainText(
        'ACK 0 ["hello",{"n":1}]',
      );

      const stats = panel.getByRole("table", { name: "Requests by name" });
      await expect(stats.getByRole("row", { name: /^echo 1 / })).toBeVisible();
      await expect(panel.getByRole("status", { name: "Pending" })).toHaveText("None pending");
      await expectNoSeriousViolations(page, `Protocol tab, Socket.IO, ${colorScheme}`);
    });
  });
}

test("Socket.IO: the session stays open past the server's ping timeout, and heartbeats fold away", async ({
  page,
}) => {
  // The test server pings every 1 s and drops a client silent for 2 s (--socket-io-ping).
  test.setTimeout(60_000);
  await page.goto("/");
  await connectTo(page, "/socket.io/");
  await expectStatus(page, "Open");
  const pongs = dataRows(page).filter({
    has: page.getByRole("gridcell", { name: "3", exact: true }),
  });
  // Five answered pings take at least 4 s: past the 1 s interval and the 2 s timeout together.
  await expect(async () => expect(await pongs.count()).toBeGreaterThanOrEqual(5)).toPass({
    timeout: 30_000,
  });
  await expectStatus(page, "Open");
  await expect(dataRows(page).filter({ hasText: /Closed|close/ })).toHaveCount(0);

  const panel = await openProtocol(page);
  await panel.getByRole("button", { name: "Emit" }).click();
  await expect(latencyOf(dataRows(page).filter({ hasText: '430["hello"]' }))).toHaveText(LATENCY);

  await page.getByRole("button", { name: "Heartbeats" }).click();
  await expect(pongs).toHaveCount(0);
  await expect(dataRows(page).filter({ hasText: '430["hello"]' })).toHaveCount(1);
  await page.getByRole("button", { name: "Heartbeats" }).click();
  await expect(async () => expect(await pongs.count()).toBeGreaterThanOrEqual(5)).toPass();
});

test("GraphQL: subscribe, see next messages, then complete", async ({ page }) => {
  // Two axe runs and a live subscription: more than the default 30 s on a busy machine.
  test.setTimeout(60_000);
  await page.goto("/");
  await connectTo(page, "/graphql");
  await expectStatus(page, "Open (graphql-transport-ws)");
  const panel = await openProtocol(page);
  await expect(panel.getByRole("combobox", { name: "Protocol" })).toHaveValue("graphql-ws");
  await expect(panel.getByText("Acknowledged", { exact: true })).toBeVisible();

  await panel
    .getByRole("textbox", { name: "Query" })
    .fill("subscription Ticks($n: Int) { tick(count: $n, interval: 200) { seq } }");
  await panel.getByRole("textbox", { name: "Variables" }).fill('{"n": 1000}');
  await panel.getByRole("textbox", { name: "Operation name" }).fill("Ticks");
  await panel.getByRole("button", { name: "Subscribe" }).click();

  const nexts = dataRows(page).filter({ hasText: '{"id":"1","type":"next"' });
  await expect(async () => expect(await nexts.count()).toBeGreaterThanOrEqual(3)).toPass();
  await expect(latencyOf(nexts.first())).toHaveText(LATENCY);
  const operations = panel.getByRole("table", { name: "Operations" });
  const operation = operations.getByRole("row", { name: /^1 Ticks active/ });
  await expect(operation).toBeVisible();
  await expectBothSchemesAccessible(page, "Protocol tab, GraphQL");

  // The row stays while next messages update it, so the focus stays on its Complete button.
  const completeButton = operation.getByRole("button", { name: "Complete" });
  await completeButton.focus();
  // Two more next messages update the row (its count of next messages) meanwhile.
  const nextCount = async () =>
    Number((await operation.getByRole("cell").nth(3).textContent()) ?? Number.NaN);
  const before = await nextCount();
  await expect.poll(nextCount).toBeGreaterThan(before + 1);
  await expect(completeButton).toBeFocused();
  await page.keyboard.press("Enter");
  await expect(operations.getByRole("row", { name: /^1 Ticks cancelled/ })).toBeVisible();
  await expect(dataRows(page).filter({ hasText: '{"id":"1","type":"complete"}' })).toHaveCount(1);
  // Two more ticks' time: nothing more comes for operation 1.
  const settled = await nexts.count();
  await page.waitForTimeout(600);
  expect(await nexts.count()).toBeLessThanOrEqual(settled + 1);
  await expect(
    panel.getByRole("table", { name: "Requests by name" }).getByRole("row", { name: /^Ticks 1 / }),
  ).toBeVisible();

  // ping and pong: shown, and folded away with the heartbeats.
  await panel.getByRole("button", { name: "Ping", exact: true }).click();
  const pong = dataRows(page).filter({ hasText: '{"type":"pong"}' });
  await expect(pong).toHaveCount(1);
  await page.getByRole("button", { name: "Heartbeats" }).click();
  await expect(pong).toHaveCount(0);
  await expect(dataRows(page).filter({ hasText: '{"type":"ping"}' })).toHaveCount(0);
  await page.getByRole("button", { name: "Heartbeats" }).click();
  await expect(pong).toHaveCount(1);
});

test("JSON-RPC: calls with ids filled in, and per-method statistics with a CSV export", async ({
  page,
}, testInfo) => {
  await page.goto("/");
  await connectTo(page, "/jsonrpc");
  await expectStatus(page, "Open");
  const panel = await openProtocol(page);
  await expect(panel.getByRole("combobox", { name: "Protocol" })).toHaveValue("jsonrpc");

  const call = async (method: string, params: string) => {
    await panel.getByRole("textbox", { name: "Method" }).fill(method);
    await panel.getByRole("textbox", { name: "Params" }).fill(params);
    await panel.getByRole("button", { name: "Call" }).click();
  };
  await call("add", "[1, 2]");
  await call("add", '{"a": 3, "b": 4}');
  await call("fail", "");
  await call("sleep", '{"ms": 400}');
  await expect(panel.getByRole("status", { name: "Pending" })).toHaveText(
    /^1 pending, the oldest for /,
  );
  await expect(
    dataRows(page).filter({ hasText: '{"jsonrpc":"2.0","id":4,"result":400}' }),
  ).toHaveCount(1);
  await expect(panel.getByRole("status", { name: "Pending" })).toHaveText("None pending");

  const stats = panel.getByRole("table", { name: "Requests by name" });
  await expect(stats.getByRole("row", { name: /^add 2 .* 0 0$/ })).toBeVisible();
  await expect(stats.getByRole("row", { name: /^fail 1 .* 1 0$/ })).toBeVisible();
  await expect(stats.getByRole("row", { name: /^sleep 1 4\d\d\.\d{3} ms/ })).toBeVisible();
  await expectBothSchemesAccessible(page, "Protocol tab, JSON-RPC");

  const downloading = page.waitForEvent("download");
  await panel.getByRole("button", { name: "Export CSV" }).click();
  const path = testInfo.outputPath("requests.csv");
  await (await downloading).saveAs(path);
  const csv = readFileSync(path, "utf8").trim().split("\n");
  expect(csv[0]).toBe(
    "name,count,answered,p50_ms,p95_ms,max_ms,errors,unanswered,latencies_sampled",
  );
  expect(csv.slice(1).map((line) => line.split(",")[0])).toEqual(["add", "fail", "sleep"]);
  expect(csv.find((line) => line.startsWith("fail,"))).toMatch(
    /^fail,1,1,[\d.]+,[\d.]+,[\d.]+,1,0,1$/,
  );
});

test("Raw: pairing on two JSON fields of one's own protocol", async ({ page }) => {
  await page.goto("/");
  await connectTo(page, "/echo");
  await expectStatus(page, "Open");
  const panel = await openProtocol(page);
  await expect(panel.getByRole("combobox", { name: "Protocol" })).toHaveValue("raw");
  await panel.getByRole("textbox", { name: "Request id field" }).fill("$.reqId");
  // The echo sends the request back, so its reply carries the id in the same field.
  await panel.getByRole("textbox", { name: "Reply id field" }).fill("$.reqId");
  await panel.getByRole("textbox", { name: "Name field" }).fill("$.op");
  await panel.getByRole("button", { name: "Pair" }).click();
  await expect(frames(page).getByRole("columnheader", { name: "Latency" })).toBeVisible();

  await page.getByRole("tab", { name: "Compose", exact: true }).click();
  await send(page, '{"reqId": 7, "op": "lookup"}');
  const replies = dataRows(page).filter({ hasText: '{"reqId": 7, "op": "lookup"}' });
  await expect(replies).toHaveCount(2);
  await expect(latencyOf(replies.last())).toHaveText(LATENCY);
  const protocol = await openProtocol(page);
  await expect(
    protocol
      .getByRole("table", { name: "Requests by name" })
      .getByRole("row", { name: /^lookup 1 / }),
  ).toBeVisible();
  await expectBothSchemesAccessible(page, "Protocol tab, field pairing");
});

test("Socket.IO: a namespace refused without its auth, connected with it, and a binary attachment", async ({
  page,
}) => {
  await page.goto("/");
  await connectTo(page, "/socket.io/");
  await expectStatus(page, "Open");
  const panel = await openProtocol(page);
  const namespaces = panel.getByRole("list", { name: "Namespaces" });
  await expect(namespaces).toContainText("/ connected");

  await panel.getByRole("textbox", { name: "Namespace" }).fill("/secure");
  await panel.getByRole("textbox", { name: "Auth" }).fill('{"token": "guess"}');
  await panel.getByRole("button", { name: "Connect namespace" }).click();
  await expect(namespaces).toContainText("/secure refused: Invalid token");
  await panel.getByRole("button", { name: "Emit" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "refused" })).toHaveText(
    "Namespace /secure refused the connection: connect it again first",
  );

  await panel.getByRole("textbox", { name: "Auth" }).fill('{"token": "letmein"}');
  await panel.getByRole("button", { name: "Connect namespace" }).click();
  await expect(namespaces).toContainText(/\/secure connected \(sid /);
  await expect(dataRows(page).filter({ hasText: '42/secure,["welcome"' })).toHaveCount(1);

  await panel.getByRole("textbox", { name: "Event" }).fill("echo");
  await panel.getByRole("textbox", { name: "Arguments" }).fill('[{"$bytes": "de ad be ef"}, "x"]');
  await panel.getByRole("button", { name: "Emit" }).click();
  // The ack comes as a text header and its attachment as a binary frame; the last one pairs.
  const attachment = dataRows(page)
    .filter({ hasText: /de ad be ef|deadbeef/i })
    .last();
  await expect(latencyOf(attachment)).toHaveText(LATENCY);
  await attachment.click();
  await expect(page.getByRole("region", { name: "Frame detail" })).toContainText(
    'BINARY_ACK /secure 0 [{"$bytes":"deadbeef"},"x"] (attachment 1 of 1)',
  );
});

test("JSON-RPC: a batch with a notification, paired response by response", async ({ page }) => {
  await page.goto("/");
  await connectTo(page, "/jsonrpc");
  await expectStatus(page, "Open");
  const panel = await openProtocol(page);
  const add = async (method: string, params: string, notification = false) => {
    await panel.getByRole("textbox", { name: "Method" }).fill(method);
    await panel.getByRole("textbox", { name: "Params" }).fill(params);
    await panel.getByRole("checkbox", { name: "Notification" }).setChecked(notification);
    await panel.getByRole("button", { name: "Add to batch" }).click();
  };
  await add("add", "[1, 2]");
  await add("echo", '["quiet"]', true);
  await add("nope", "");
  await expect(panel.getByRole("list", { name: "Batch" }).getByRole("listitem")).toHaveText([
    "call add [1,2]",
    'notify echo ["quiet"]',
    "call nope",
  ]);
  await panel.getByRole("button", { name: "Send batch (3)" }).click();
  await expect(panel.getByRole("status").filter({ hasText: "batch" })).toHaveText(
    "Sent a batch of 3, ids 1, 2",
  );
  const response = dataRows(page).filter({ hasText: '[{"jsonrpc":"2.0","id":1,"result":3}' });
  await expect(latencyOf(response)).toHaveText(LATENCY);
  const stats = panel.getByRole("table", { name: "Requests by name" });
  await expect(stats.getByRole("row", { name: /^add 1 .* 0 0$/ })).toBeVisible();
  await expect(stats.getByRole("row", { name: /^nope 1 .* 1 0$/ })).toBeVisible();
  await expect(stats.getByRole("row", { name: /^echo / })).toHaveCount(0);
});

test("GraphQL: an operation the server refuses shows its error, and counts as one", async ({
  page,
}) => {
  await page.goto("/");
  await connectTo(page, "/graphql");
  await expectStatus(page, "Open (graphql-transport-ws)");
  const panel = await openProtocol(page);
  await panel.getByRole("textbox", { name: "Query" }).fill("subscription Bad { nope }");
  await panel.getByRole("button", { name: "Subscribe" }).click();
  await expect(
    panel
      .getByRole("table", { name: "Operations" })
      .getByRole("row", { name: /^1 Bad failed: Cannot query field "nope"/ }),
  ).toBeVisible();
  const error = dataRows(page).filter({ hasText: '{"id":"1","type":"error"' });
  await expect(latencyOf(error)).toHaveText(LATENCY);
  await expect(
    panel
      .getByRole("table", { name: "Requests by name" })
      .getByRole("row", { name: /^Bad 1 .* 1 0$/ }),
  ).toBeVisible();
});

for (const [width, height] of [
  [1024, 700],
  [1280, 800],
] as const) {
  test(`at ${width}×${height} each protocol's form fits the panel's width, its header in view`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await page.goto("/");
    await connectTo(page, "/socket.io/");
    await expectStatus(page, "Open");
    const panel = await openProtocol(page);
    const select = panel.getByRole("combobox", { name: "Protocol" });
    for (const [protocol, action] of [
      ["socketio", "Emit"],
      ["graphql-ws", "Subscribe"],
      ["jsonrpc", "Call"],
      ["raw", "Pair"],
    ] as const) {
      await select.selectOption(protocol);
      await expect(panel.getByRole("button", { name: action, exact: true })).toBeVisible();
      const overflow = await panel.evaluate((element) => {
        const scroller = element.closest(".tool-panels") as HTMLElement;
        return { scroll: scroller.scrollWidth, client: scroller.clientWidth };
      });
      expect(overflow.scroll, `${protocol} at ${width}px`).toBeLessThanOrEqual(overflow.client);
      // Scrolled to its end, the tab still shows which protocol it speaks.
      await panel.getByRole("button", { name: action, exact: true }).scrollIntoViewIfNeeded();
      await panel.evaluate((element) => {
        const scroller = element.closest(".tool-panels") as HTMLElement;
        scroller.scrollTop = scroller.scrollHeight;
      });
      await expect(select).toBeInViewport();
    }
  });
}
