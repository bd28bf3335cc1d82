// The benchmark's safety net. `npm run bench` runs under tsx, which SIGKILLs its child when a
// Ctrl-C is not acknowledged within 30 ms — and PGlite's WebAssembly can hold the event loop
// longer than that, so the runner's own cleanup may never run. This small process (started
// detached, in its own process group, so Ctrl-C does not reach it) watches the runner; when the
// runner is gone it stops the servers the runner started, drops its throw-away PostgreSQL
// database and removes its temp folders, as listed in the state file the runner keeps.
//
//   node tests/bench/reaper.mjs <state file> <runner pid>
import fs from "node:fs";

const [stateFile, runnerPidText] = process.argv.slice(2);
const runnerPid = Number(runnerPidText);

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Only a process we started: same pid and still the command line we recorded. */
function isOurs(child) {
  try {
    return fs.readFileSync(`/proc/${child.pid}/cmdline`, "utf8").includes(child.marker);
  } catch {
    return false;
  }
}

async function reap() {
  let state;
  try {
    state = JSON.parse(fs.readFileSync(stateFile, "utf8"));
  } catch {
    return;
  }
  for (const child of state.children ?? []) {
    if (isOurs(child)) process.kill(child.pid, "SIGTERM");
  }
  const deadline = Date.now() + 5_000;
  while ((state.children ?? []).some((c) => isOurs(c)) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  for (const child of state.children ?? []) {
    if (isOurs(child)) process.kill(child.pid, "SIGKILL");
  }
  for (const db of state.databases ?? []) {
    try {
      const { default: pg } = await import("pg");
      const client = new pg.Client({ connectionString: db.serverUrl });
      await client.connect();
      await client.query(`drop database if exists ${db.name} with (force)`);
      await client.end();
    } catch {
      // best effort
    }
  }
  for (const dir of state.tempDirs ?? []) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 });
    } catch {
      // best effort
    }
  }
}

const timer = setInterval(async () => {
  if (!fs.existsSync(stateFile)) {
    // The runner finished and cleaned up itself.
    clearInterval(timer);
    return;
  }
  if (alive(runnerPid)) return;
  clearInterval(timer);
  await reap();
  fs.rmSync(stateFile, { force: true });
}, 250);
