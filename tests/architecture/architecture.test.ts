// The architecture, checked: dependency-cruiser with the rules in .dependency-cruiser.cjs
// (routes and components never reach the database, components never import `.server` modules,
// models never import routes or the modules that wire the app, the schema imports only drizzle,
// app/utils imports no `.server` module). The same check runs by hand with
// `npm run lint:architecture`.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const depcruise = path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const config = path.join(root, ".dependency-cruiser.cjs");

type Violation = { rule: { name: string }; from: string; to: string };

function cruise(cwd: string, outputType: "err" | "json") {
  if (!fs.existsSync(depcruise)) {
    throw new Error(`dependency-cruiser is not installed (${depcruise}): it is a devDependency, so run \`npm install\` (or \`npm ci\`) first.`);
  }
  const run = spawnSync(process.execPath, [depcruise, "app", "db", "--config", config, "--output-type", outputType], { cwd, encoding: "utf8" });
  if (run.error) throw run.error;
  return run;
}

// A cruise parses every module of app/ and db/: seconds on a quiet machine, more on a busy one.
const CRUISE_MS = 180_000;

describe("the architecture check", () => {
  it(
    "finds no import that crosses the layout's lines in app/ and db/",
    () => {
      const run = cruise(root, "err");
      // On failure the message is dependency-cruiser's own list: rule, importer → imported.
      expect(`${run.stdout}${run.stderr}`.trim(), `exit ${run.status}`).toMatch(/^✔ no dependency violations found/);
      expect(run.status).toBe(0);
    },
    CRUISE_MS,
  );

  it(
    "catches each kind of violation planted in a miniature of the layout, and none of the allowed imports",
    () => {
      const run = cruise(path.join(root, "tests/architecture/planted"), "json");
      expect(run.stderr).toBe("");
      const found = (JSON.parse(run.stdout).summary.violations as Violation[]).map((v) => `${v.rule.name}: ${v.from} → ${v.to}`).sort();
      expect(found).toEqual(
        [
          "component-no-database: app/components/thing.tsx → db/client.ts",
          "component-no-server-module: app/components/thing.tsx → app/services/secrets.server.ts",
          "model-no-route: app/models/things/things.server.ts → app/routes/things.tsx",
          "model-no-wiring: app/models/things/things.server.ts → app/services/realtime.server.ts",
          "not-to-unresolvable: app/utils/typo.ts → ./no-such-module",
          "route-no-database: app/routes/things.tsx → app/models/database.server.ts",
          "route-no-database: app/routes/things.tsx → db/client.ts",
          "route-no-database: app/routes/things.tsx → db/schema/things.ts",
          "schema-only-drizzle: db/schema/things.ts → db/client.ts",
          "utils-no-server-module: app/utils/thing.ts → app/services/secrets.server.ts",
        ].sort(),
      );
    },
    CRUISE_MS,
  );
});
