// Browser journeys (tests/e2e) in Debian's Chromium against the production build.
//
// The server under test is the real one (`tsx app/server.ts`, NODE_ENV=production) on port
// 3100 with an embedded database in a fresh temporary folder. Before it starts, the webServer
// command runs tests/e2e/prepare-data.ts, which seeds that folder (demo data + the journeys'
// fixtures) and closes it again: PGlite must never be opened by two processes at once, so
// nothing but the server touches the folder while it runs. Run with `npm run test:e2e`
// (builds first) or, after a build, `npx playwright test`.
import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { defineConfig } from "@playwright/test";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const BASE_URL = `http://localhost:${PORT}`;

// The config is evaluated by the runner and again by every worker; the runner picks the
// folder and the workers inherit it through the environment.
process.env.E2E_DIR ??= path.join(os.tmpdir(), `vvf-e2e-${Date.now().toString(36)}-${crypto.randomBytes(4).toString("hex")}`);
process.env.E2E_FIXTURES ??= path.join(process.env.E2E_DIR, "fixtures.json");
const DATA_DIR = path.join(process.env.E2E_DIR, "data");

export default defineConfig({
  testDir: "tests/e2e",
  testMatch: "**/*.spec.ts",
  // One server process serves every journey; two workers keep both cores busy (browser +
  // server) without starving the server. Journeys never share an account they change.
  workers: 2,
  fullyParallel: false,
  // No retries: a journey that needs a second try is a bug to fix, not to hide.
  retries: 0,
  forbidOnly: !!process.env.CI,
  // Generous: these machines are shared and a journey signs several people in (scrypt).
  timeout: 180_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [["list"]] : [["list"], ["html", { open: "never", outputFolder: "test-results/html" }]],
  outputDir: "test-results/artifacts",
  use: {
    baseURL: BASE_URL,
    browserName: "chromium",
    headless: true,
    locale: "en-GB",
    timezoneId: "Europe/London",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    actionTimeout: 15_000,
    navigationTimeout: 30_000,
    launchOptions: {
      // `npx playwright install` cannot download browsers here: tests/install-browser.sh
      // installs Debian's Chromium instead.
      executablePath: "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
      ],
    },
  },
  webServer: {
    command: "npx tsx tests/e2e/prepare-data.ts && exec npx tsx app/server.ts",
    url: `${BASE_URL}/rights`,
    reuseExistingServer: false,
    timeout: 180_000,
    stdout: "pipe",
    stderr: "pipe",
    gracefulShutdown: { signal: "SIGTERM", timeout: 10_000 },
    env: {
      NODE_ENV: "production",
      PORT: String(PORT),
      PUBLIC_URL: BASE_URL,
      DATA_DIR,
      E2E_FIXTURES: process.env.E2E_FIXTURES,
      // The journeys must never reach a real mail provider or another database.
      RESEND_API_KEY: "",
      DATABASE_URL: "",
      REDIS_URL: "",
      SEED_DEMO: "0",
    },
  },
});
