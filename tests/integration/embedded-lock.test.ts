// The embedded database's lock (issue 15, item 3): after a crash the site starts again at once,
// and a second live process on the same folder is still refused, naming the holder. The lock
// itself (db/pglite-lock.ts) is checked in this process; the restart and the refusal with real
// server processes on a fresh embedded database, run as `npm start` runs them: the server compiled
// by `npm run build` (build/server.js) under plain Node, so these also show that the compiled
// server finds its migrations, the Remix build and the public files from build/.
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { acquireLock, LockHeldError, liveHolder } from "../../db/pglite-lock";
import { compiledServer, freePort, requireBuild } from "../support/server";

const root = path.resolve(fileURLToPath(new URL("../..", import.meta.url)));
const folders: string[] = [];
const children: ChildProcess[] = [];

function scratch() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "vvf-lock-"));
  folders.push(dir);
  return dir;
}

afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  for (const dir of folders) fs.rmSync(dir, { recursive: true, force: true });
});

/** A process that has ended: its pid names nobody (until the system reuses it). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""]);
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

describe("the embedded database's lock", () => {
  it("refuses a second holder while the first lives, naming its process, and is free once released", () => {
    const lock = path.join(scratch(), "pglite.pid");
    const release = acquireLock(lock);
    expect(() => acquireLock(lock)).toThrow(LockHeldError);
    expect(() => acquireLock(lock)).toThrow(`held by process ${process.pid}`);
    expect(liveHolder(lock)?.pid).toBe(process.pid);
    release();
    expect(liveHolder(lock)).toBeNull();
    acquireLock(lock)();
  });

  it("takes over at once a lock left by a process that died, or by one whose pid was reused", async () => {
    const lock = path.join(scratch(), "pglite.pid");
    fs.writeFileSync(lock, JSON.stringify({ pid: await deadPid(), startedAt: "1", host: os.hostname() }));
    expect(liveHolder(lock)).toBeNull();
    const release = acquireLock(lock);
    expect(liveHolder(lock)?.pid).toBe(process.pid);
    release();
    // This process's pid, but another start time: the holder was an earlier process with that pid.
    fs.writeFileSync(lock, JSON.stringify({ pid: process.pid, startedAt: "0", host: os.hostname() }));
    acquireLock(lock)();
  });
});

type Server = { child: ChildProcess; output: string[]; url: string };

/** Starts the compiled server (build/server.js) on the embedded database in `dataDir`; resolves when it listens or exits. */
async function startEmbedded(dataDir: string): Promise<Server & { exitCode: number | null }> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: "production", PORT: String(port), HOST: "127.0.0.1", PUBLIC_URL: `http://127.0.0.1:${port}`, DATA_DIR: dataDir, SEED_DEMO: "0", SCHEDULER: "0" };
  for (const k of ["DATABASE_URL", "REDIS_URL", "RESEND_API_KEY", "NOTIFY_API_KEY", "TEST_DATABASE_URL", "NODE_OPTIONS", "BETTER_AUTH_SECRET"]) delete env[k];
  for (const k of Object.keys(env)) if (k.startsWith("VITEST")) delete env[k];
  const child = spawn(process.execPath, [compiledServer], { cwd: root, env, stdio: ["ignore", "pipe", "pipe"] });
  children.push(child);
  const server = { child, output: [] as string[], url: `http://127.0.0.1:${port}` };
  const exitCode = await new Promise<number | null>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server neither started nor exited:\n${server.output.join("")}`)), 90_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      server.output.push(chunk.toString());
      if (server.output.join("").includes("is running at")) {
        clearTimeout(timer);
        resolve(null);
      }
    });
    child.stderr!.on("data", (chunk: Buffer) => server.output.push(chunk.toString()));
    child.once("exit", (code) => {
      clearTimeout(timer);
      resolve(code);
    });
  });
  return { ...server, exitCode };
}

async function kill9(s: Server) {
  const exited = new Promise((resolve) => s.child.once("exit", resolve));
  s.child.kill("SIGKILL");
  await exited;
}

describe("restarting the embedded server", () => {
  it("starts again at once after kill -9, and a second live process on the folder is refused with a clear message", async () => {
    requireBuild();
    const dataDir = path.join(scratch(), "data");
    const first = await startEmbedded(dataDir);
    expect(first.exitCode, first.output.join("")).toBeNull();
    expect((await fetch(`${first.url}/support`)).status).toBe(200);
    // A page (the Remix build) and a public file, both found from build/server.js.
    const rights = await fetch(`${first.url}/rights`);
    expect(rights.status).toBe(200);
    expect(await rights.text()).toContain("Your rights under the Victims");
    expect((await fetch(`${first.url}/robots.txt`)).status).toBe(200);
    await kill9(first);

    // Restarted at once, as a service manager would: no "already open" refusal, no waiting.
    const restarted = await startEmbedded(dataDir);
    expect(restarted.exitCode, restarted.output.join("")).toBeNull();
    expect(restarted.output.join("")).not.toContain("already open");
    expect((await fetch(`${restarted.url}/support`)).status).toBe(200);

    const second = await startEmbedded(dataDir);
    expect(second.exitCode).toBe(1);
    expect(second.output.join("")).toContain(`The embedded database in ${dataDir} is already open in another process (held by process ${restarted.child.pid})`);
    // The refused process changed nothing: the running one still serves.
    expect((await fetch(`${restarted.url}/support`)).status).toBe(200);

    const stopped = new Promise((resolve) => restarted.child.once("exit", resolve));
    restarted.child.kill("SIGTERM");
    await stopped;
    // A clean stop leaves no lock behind.
    expect(liveHolder(path.join(dataDir, "pglite.pid"))).toBeNull();
    expect(fs.existsSync(path.join(dataDir, "pglite.pid"))).toBe(false);
  }, 240_000);
});
