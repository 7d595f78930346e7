import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    projects: [
      { test: { name: "all", include: ["src/**/*.test.ts", "test/**/*.test.ts", "bench/**/*.test.ts"] } },
      // Date-window rules are re-run under a second time zone (see package.json "test").
      { test: { name: "timezone", include: ["src/**/*.tz.test.ts", "src/core/timeline.test.ts"] } },
    ],
  },
});
