import { existsSync, readFileSync } from "node:fs";
import { defineConfig } from "@playwright/test";

/** Port of the bundled server the e2e tests start; strict, so a clash fails loudly. */
const PORT = Number(process.env.E2E_PORT ?? 7788);

// Debian's Chromium by default (Playwright cannot download its own here); CHROMIUM_PATH
// overrides it, and a machine with Playwright's own browser uses that when neither exists.
const chromiumPath =
  process.env.CHROMIUM_PATH ?? (existsSync("/usr/bin/chromium") ? "/usr/bin/chromium" : undefined);

/** Flags that keep Chromium off the (closed) network; shared with the benchmarks. */
const QUIET_FLAGS: string[] = JSON.parse(
  readFileSync(new URL("./chromium-flags.json", import.meta.url), "utf8"),
);

export default defineConfig({
  testDir: "test/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  reporter: process.env.CI ? [["list"]] : [["list"]],
  timeout: 30_000,
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    browserName: "chromium",
    launchOptions: {
      executablePath: chromiumPath,
      args: QUIET_FLAGS,
    },
    trace: "retain-on-failure",
  },
  webServer: {
    // A 16 MiB payload limit lets the tests stream a 10 MB frame from /firehose; Socket.IO's
    // short heartbeat lets a test outlive its ping timeout in seconds.
    command: `node dist/server/cli.js --port ${PORT} --host 127.0.0.1 --max-payload 16777216 --socket-io-ping 1000,2000`,
    url: `http://127.0.0.1:${PORT}/healthz`,
    reuseExistingServer: false,
    stdout: "ignore",
    stderr: "pipe",
    timeout: 20_000,
  },
});
