import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Built sites (_site/, temp folders) hold no tests: look in tests/ only.
    include: ["tests/**/*.test.ts"],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    pool: "forks",
  },
});
