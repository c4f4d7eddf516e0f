import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/unit/**/*.test.ts", "test/server/**/*.test.ts"],
    environment: "node",
    // Local time in formatters is pinned so golden strings hold on every machine.
    env: { TZ: "UTC" },
    testTimeout: 15_000,
  },
});
