import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/server/**/*.test.ts"],
    // The bundled server, for generated scenario tests (they read SOCKETSCOPE_WS).
    globalSetup: ["test/server/bundled-server.setup.ts"],
    environment: "node",
    // Local time in formatters is pinned so golden strings hold on every machine.
    env: { TZ: "UTC" },
    testTimeout: 15_000,
  },
});
