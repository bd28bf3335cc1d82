// `npm start` (package.json's start script, the README's run line) starts the compiled server
// with NODE_ENV=production and glibc's malloc limited to one arena (MALLOC_ARENA_MAX=1,
// decision 048: 16 MB less at the peak on the embedded database), unless the operator chose
// their own MALLOC_ARENA_MAX. What the server process was started with is read from
// /proc/<pid>/environ (this test runs on Linux, beside the server); the pid is the one the
// server prints when it is ready. `npm run bench` reads the same script (tests/bench/harness.ts).
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/server";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const started: { npm: ChildProcess; serverPid?: number }[] = [];
const folders: string[] = [];

/** `npm start` on a fresh embedded database; resolves with the server's own environment once it is ready. */
async function npmStart(extra: Record<string, string>): Promise<Map<string, string>> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vvf-start-"));
  folders.push(dataDir);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "0", ...extra };
  for (const k of ["DATABASE_URL", "REDIS_URL", "RESEND_API_KEY", "NOTIFY_API_KEY", "TEST_DATABASE_URL", "NODE_OPTIONS", "NODE_ENV", "SCHEDULER"]) delete env[k];
  if (!("MALLOC_ARENA_MAX" in extra)) delete env.MALLOC_ARENA_MAX;
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  const npm = spawn("npm", ["start", "--silent"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const entry: { npm: ChildProcess; serverPid?: number } = { npm };
  started.push(entry);
  let log = "";
  const pid = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start did not get ready:\n${log}`)), 90_000);
    const take = (chunk: Buffer) => {
      log += chunk.toString();
      const ready = /is running at .*process (\d+)\)/.exec(log);
      if (ready) {
        clearTimeout(timer);
        resolve(Number(ready[1]));
      }
    };
    npm.stdout!.on("data", take);
    npm.stderr!.on("data", (chunk: Buffer) => (log += chunk.toString()));
    npm.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited with ${code}:\n${log}`));
    });
  });
  entry.serverPid = pid;
  const environ = fs.readFileSync(`/proc/${pid}/environ`, "utf8").split("\0").filter(Boolean);
  return new Map(environ.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)]));
}

afterAll(async () => {
  for (const { npm, serverPid } of started) {
    if (npm.exitCode !== null || npm.signalCode !== null) continue;
    const exited = new Promise<void>((resolve) => npm.once("exit", () => resolve()));
    // The server stops on SIGTERM (it closes the database); npm then exits with it.
    if (serverPid) process.kill(serverPid, "SIGTERM");
    else npm.kill("SIGTERM");
    const timer = setTimeout(() => npm.kill("SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

describe("npm start", () => {
  it("runs the compiled server in production with one malloc arena", async () => {
    const env = await npmStart({});
    expect(env.get("NODE_ENV")).toBe("production");
    expect(env.get("MALLOC_ARENA_MAX")).toBe("1");
  }, 120_000);

  it("keeps an operator's own MALLOC_ARENA_MAX", async () => {
    const env = await npmStart({ MALLOC_ARENA_MAX: "4" });
    expect(env.get("MALLOC_ARENA_MAX")).toBe("4");
  }, 120_000);
});
