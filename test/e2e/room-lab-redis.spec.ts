import type { ChildProcess } from "node:child_process";
import { expect, test } from "@playwright/test";
import { startCli } from "../server/cli-process.ts";
import { startRedis, type TestRedis } from "../server/redis-server.ts";
import { expectNoSeriousViolations } from "./axe.ts";

let redis: TestRedis | undefined;
const children: ChildProcess[] = [];

test.afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await redis?.stop();
});

test("the room lab spreads its clients over two servers, and a message crosses between them", async ({
  page,
}) => {
  redis = await startRedis();
  const a = await startCli(["--redis", redis.url], children);
  const b = await startCli(["--redis", redis.url], children);

  await page.goto("/");
  await page.getByRole("button", { name: "Room lab" }).click();
  const lab = page.getByRole("region", { name: "Room lab" });
  await lab.getByRole("textbox", { name: "Room URL", exact: true }).fill(`${a.ws}/rooms/across`);
  await lab.getByRole("textbox", { name: "Second room URL" }).fill(`${b.ws}/rooms/across`);
  await lab.getByRole("textbox", { name: "Clients" }).fill("4");
  await lab.getByRole("button", { name: "Open clients" }).click();

  const table = lab.getByRole("table", { name: "Room lab clients" });
  const rows = table.getByRole("row");
  await expect(rows).toHaveCount(5);
  // The clients take the servers in turn: 1 and 3 on A, 2 and 4 on B.
  for (const [row, server] of [
    [1, a],
    [2, b],
    [3, a],
    [4, b],
  ] as const) {
    await expect(rows.nth(row).getByRole("cell").first()).toHaveText(`127.0.0.1:${server.port}`);
    await expect(rows.nth(row)).toContainText("Open");
  }
  // Presence counts the room across both processes: the last to join sees all four.
  await expect(rows.nth(4)).toContainText('"n":4');

  await lab
    .getByRole("combobox", { name: "From client" })
    .selectOption({ label: `Client 2 (127.0.0.1:${b.port})` });
  await lab.getByRole("textbox", { name: "Lab message" }).fill("crossed from B");
  await lab.getByRole("button", { name: "Send to room" }).click();
  // Published on B, received by every member, the two on A included.
  for (let i = 1; i <= 4; i++) await expect(rows.nth(i)).toContainText("crossed from B");

  await expectNoSeriousViolations(page, "room lab over two servers");
});
