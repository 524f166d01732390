import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // CLI tests spawn several processes each; on a loaded 2-core machine one can take a minute.
    testTimeout: 180_000,
  },
});
