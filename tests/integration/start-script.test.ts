// `npm start` (package.json's start script, scripts/start.sh; the README's run line) starts the
// compiled server under plain node with NODE_ENV=production, glibc's malloc limited to one arena
// (MALLOC_ARENA_MAX=1, decision 048) and, on the embedded database only, V8's young generation
// halved (--max-semi-space-size=8, decision 049); an operator's own values are kept. What the
// server process was started with is read from /proc/<pid>/environ and /proc/<pid>/cmdline (this
// test runs on Linux, beside the server); the pid is the one the server prints when it is ready,
// which is also npm's script's own (it becomes node with exec). The script's choice on
// PostgreSQL is checked with a stand-in `node` first on PATH, which prints what it was given.
// `npm run bench` starts the server through the same script (tests/bench/harness.ts).
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../support/server";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
/** An `npm start` and, once it printed it, the server process it became. */
type Started = { npm: ChildProcess; serverPid?: number };
const started: Started[] = [];
const folders: string[] = [];

/** `npm start` on a fresh embedded database; resolves with the server's own environment and arguments once it is ready. */
async function npmStart(extra: Record<string, string>): Promise<{ env: Map<string, string>; argv: string[] }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "vvf-start-"));
  folders.push(dataDir);
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), HOST: "127.0.0.1", DATA_DIR: dataDir, SEED_DEMO: "0", ...extra };
  for (const k of ["DATABASE_URL", "REDIS_URL", "RESEND_API_KEY", "NOTIFY_API_KEY", "TEST_DATABASE_URL", "NODE_ENV", "SCHEDULER"]) delete env[k];
  for (const k of ["MALLOC_ARENA_MAX", "NODE_OPTIONS"]) if (!(k in extra)) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  const npm = spawn("npm", ["start", "--silent"], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  const entry: Started = { npm };
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
  const argv = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean);
  return { env: new Map(environ.map((line) => [line.slice(0, line.indexOf("=")), line.slice(line.indexOf("=") + 1)])), argv };
}

/** scripts/start.sh with a stand-in `node` first on PATH: what node would have been given (arguments, then MALLOC_ARENA_MAX). */
function startScriptGives(extra: Record<string, string>): { args: string[]; arenas: string } {
  const bin = fs.mkdtempSync(path.join(os.tmpdir(), "vvf-fake-node-"));
  folders.push(bin);
  fs.writeFileSync(path.join(bin, "node"), '#!/bin/sh\nprintf "%s\\n" "$@"\nprintf "arenas=%s\\n" "$MALLOC_ARENA_MAX"\n', { mode: 0o755 });
  const env: NodeJS.ProcessEnv = { NODE_ENV: "test", PATH: `${bin}:${process.env.PATH}`, ...extra };
  const out = execFileSync("sh", [path.join(root, "scripts/start.sh"), "--cpu-prof"], { env, encoding: "utf8" }).trim().split("\n");
  return { args: out.slice(0, -1), arenas: out.at(-1)!.replace("arenas=", "") };
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
  it("runs the compiled server in production, with one malloc arena and a smaller young generation on the embedded database", async () => {
    const { env, argv } = await npmStart({});
    expect(env.get("NODE_ENV")).toBe("production");
    expect(env.get("MALLOC_ARENA_MAX")).toBe("1");
    expect(argv.slice(1)).toEqual(["--max-semi-space-size=8", "build/server.js"]);
  }, 120_000);

  it("keeps an operator's own MALLOC_ARENA_MAX and young generation", async () => {
    const { env, argv } = await npmStart({ MALLOC_ARENA_MAX: "4", NODE_OPTIONS: "--max-semi-space-size=16" });
    expect(env.get("MALLOC_ARENA_MAX")).toBe("4");
    expect(argv.slice(1)).toEqual(["build/server.js"]);
  }, 120_000);

  it("leaves node's young generation alone on PostgreSQL, and passes its own arguments to node", () => {
    const onPostgres = startScriptGives({ DATABASE_URL: "postgres://nobody@127.0.0.1:1/none" });
    expect(onPostgres).toEqual({ args: ["--cpu-prof", "build/server.js"], arenas: "1" });
    const embedded = startScriptGives({});
    expect(embedded).toEqual({ args: ["--max-semi-space-size=8", "--cpu-prof", "build/server.js"], arenas: "1" });
  });
});
