import { defineConfig } from "vitest/config";
import os from "node:os";
import path from "node:path";

export default defineConfig({
  resolve: { alias: { "~": path.resolve(__dirname, "app") } },
  test: {
    globals: true,
    include: ["app/**/*.test.{ts,tsx}", "db/**/*.test.ts", "tests/integration/**/*.test.ts", "tests/architecture/**/*.test.ts"],
    setupFiles: ["tests/setup.ts"],
    // Each worker has a database of its own: in memory on PGlite, and on PostgreSQL one named
    // after TEST_DATABASE_URL's and the worker (tests/db.ts), so files run side by side on both.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one worker on these 2-core machines.
    // The files wait on the database, sockets and child servers as much as they compute; two
    // workers took the PostgreSQL pass from 374 to 214 s on 2026-12-06.
    maxWorkers: Math.max(2, os.availableParallelism()),
    // Files in one worker share its database (opening PGlite costs seconds).
    isolate: false,
  },
});
