// How many server processes the launcher runs for a given configuration (app/launcher.ts).
import { describe, expect, it } from "vitest";
import { HEAP_GROWING_PERCENT, LaunchError, launcherV8Flags, serverProcesses } from "./launcher";

const pg = { DATABASE_URL: "postgres://db/forum" };
const redis = { REDIS_URL: "redis://cache" };

describe("the number of server processes", () => {
  it("is one per core on PostgreSQL with Redis, unless WEB_CONCURRENCY says otherwise", () => {
    expect(serverProcesses({ ...pg, ...redis }, 4).count).toBe(4);
    expect(serverProcesses({ ...pg, ...redis, WEB_CONCURRENCY: "3" }, 4).count).toBe(3);
    expect(serverProcesses({ ...pg, ...redis, WEB_CONCURRENCY: "1" }, 4).count).toBe(1);
  });

  it("is one on PostgreSQL without Redis, and several are refused there", () => {
    expect(serverProcesses({ ...pg }, 4)).toEqual({ count: 1, why: "no REDIS_URL to share live events between processes" });
    expect(() => serverProcesses({ ...pg, WEB_CONCURRENCY: "2" }, 4)).toThrow(/WEB_CONCURRENCY=2 needs REDIS_URL/);
  });

  it("is always one on the embedded database, which lives in one process", () => {
    expect(serverProcesses({}, 4).count).toBe(1);
    expect(serverProcesses({ ...redis, WEB_CONCURRENCY: "4", DATABASE_URL: "" }, 4)).toEqual({
      count: 1,
      why: "the embedded database runs in one process (WEB_CONCURRENCY=4 is ignored)",
    });
  });

  it("refuses a WEB_CONCURRENCY that is not a whole number of processes", () => {
    for (const bad of ["0", "two", "1.5", "-1"]) expect(() => serverProcesses({ ...pg, ...redis, WEB_CONCURRENCY: bad }, 4)).toThrow(LaunchError);
  });
});

describe("the V8 flags every server process sets for itself", () => {
  it("caps the old generation's growth between full collections (issue 13's peak memory)", () => {
    expect(HEAP_GROWING_PERCENT).toBe(100);
    expect(launcherV8Flags([], "")).toEqual(["--heap-growing-percent=100"]);
    expect(launcherV8Flags(["--enable-source-maps"], "--max-old-space-size=512")).toEqual(["--heap-growing-percent=100"]);
  });

  it("leaves the operator's own --heap-growing-percent alone, on node's command line or in NODE_OPTIONS", () => {
    expect(launcherV8Flags(["--heap-growing-percent=50"], "")).toEqual([]);
    expect(launcherV8Flags([], "--trace-gc --heap_growing_percent=0")).toEqual([]);
  });
});
