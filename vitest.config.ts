import { defineConfig } from "vitest/config";
import path from "node:path";

const onPostgres = Boolean(process.env.TEST_DATABASE_URL);

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/architecture/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    // One PostgreSQL database is shared by every file, so files take turns there; on PGlite
    // each worker has its own in-memory database.
    fileParallelism: !onPostgres,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Files in one worker share its database (opening PGlite costs seconds).
    isolate: false,
  },
});
