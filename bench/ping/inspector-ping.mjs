// Runs a ping loop in the inspector, by role and name, and reads its CSV export.
import { readFile } from "node:fs/promises";

/**
 * Starts a ping loop against `${wsOrigin}/echo` with a JSON seq payload, waits for it to
 * finish, and returns the CSV rows: { seq, sentAt, rtt } with worker timestamps.
 * `whileRunning`, if given, is called when the loop starts and returns something to `stop()`
 * when it is done; what `stop()` resolves with comes back as `alongside`.
 */
export async function inspectorPingRun(
  page,
  wsOrigin,
  { count, intervalMs, closedLoop, whileRunning },
) {
  await page.getByRole("textbox", { name: "WebSocket URL" }).fill(`${wsOrigin}/echo`);
  await page.getByRole("button", { name: "Connect" }).click();
  await page
    .getByRole("status", { name: "Connection status" })
    .filter({ hasText: /^Open/ })
    .waitFor();
  await page.getByRole("tab", { name: "Ping loop" }).click();
  const region = page.getByRole("region", { name: "Ping loop" });
  await region.getByRole("textbox", { name: "Payload" }).fill('{"seq":{{seq}}}');
  const closed = region.getByRole("checkbox", { name: "Closed loop" });
  if (closedLoop) await closed.check();
  else {
    await closed.uncheck();
    await region.getByRole("textbox", { name: "Interval (ms)" }).fill(String(intervalMs));
  }
  await region.getByRole("textbox", { name: "Count" }).fill(String(count));
  await region.getByRole("combobox", { name: "Reply matcher" }).selectOption("json-field");
  await region.getByRole("textbox", { name: "Field" }).fill("seq");
  await region.getByRole("button", { name: "Start" }).click();
  const companion = whileRunning?.();
  await region.getByText("Done", { exact: true }).waitFor({ timeout: 120_000 });
  const alongside = await companion?.stop();

  const downloading = page.waitForEvent("download");
  await region.getByRole("button", { name: "Export CSV" }).click();
  const csv = await readFile(await (await downloading).path(), "utf8");
  await page.getByRole("button", { name: "Disconnect" }).click();
  const rows = csv
    .trim()
    .split("\n")
    .slice(1)
    .map((line) => {
      const [seq, sentAt, rtt] = line.split(",");
      return {
        seq: Number(seq),
        sentAt: Number(sentAt),
        rtt: rtt === "" ? Number.NaN : Number(rtt),
      };
    });
  return { rows, alongside };
}
