// The embedded database's folder lock. PGlite has no lock of its own, and a second process
// opening the same folder corrupts it. The lock is a file naming the process that holds it (its
// pid, and its start time so a reused pid is not mistaken for it): a lock whose process is gone
// (a crash, `kill -9`, a power cut) is stale and taken over at once, while a live holder is
// refused with its pid. An mtime-based lock (proper-lockfile, used before) could not tell a
// crashed holder from a live one for its whole stale time (15 s), so a service manager
// restarting the site after a crash met "already open in another process" several times.
import fs from "node:fs";
import os from "node:os";

export type LockHolder = { pid: number; startedAt: string | null; host: string };

/** The process's start time in clock ticks since boot (Linux), to tell a reused pid apart. */
function startTimeOf(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces, so split after its ")"); starttime is field 22.
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(holder: LockHolder): boolean {
  // Another machine's process (a shared folder) cannot be checked from here: assume it lives.
  if (holder.host !== os.hostname()) return true;
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ESRCH") return false;
  }
  const now = startTimeOf(holder.pid);
  return !(holder.startedAt && now && now !== holder.startedAt);
}

function read(lockPath: string): { raw: string; holder: LockHolder | null } | null {
  let raw: string;
  try {
    raw = fs.readFileSync(lockPath, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
  try {
    const holder = JSON.parse(raw) as LockHolder;
    return { raw, holder: typeof holder.pid === "number" ? holder : null };
  } catch {
    return { raw, holder: null };
  }
}

/** Creates `target` holding `content` only if it does not exist (atomic: a hard link of a written file). */
function createExclusive(target: string, content: string): boolean {
  const temp = `${target}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  fs.writeFileSync(temp, content, { mode: 0o600 });
  try {
    fs.linkSync(temp, target);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw err;
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

/** Who holds the lock at `lockPath` now, if a live process does. */
export function liveHolder(lockPath: string): LockHolder | null {
  const found = read(lockPath);
  if (!found) return null;
  if (!found.holder) return { pid: -1, startedAt: null, host: os.hostname() };
  return isAlive(found.holder) ? found.holder : null;
}

export class LockHeldError extends Error {
  constructor(readonly holder: LockHolder) {
    super(holder.pid > 0 ? `held by process ${holder.pid}${holder.host !== os.hostname() ? ` on ${holder.host}` : ""}` : "held by a process starting now");
  }
}

/**
 * Takes the lock at `lockPath` for this process, taking over a stale one; throws LockHeldError
 * when a live process holds it. Returns the release function.
 */
export function acquireLock(lockPath: string): () => void {
  const mine: LockHolder = { pid: process.pid, startedAt: startTimeOf(process.pid), host: os.hostname() };
  const content = JSON.stringify(mine);
  for (let attempt = 0; attempt < 100; attempt++) {
    if (createExclusive(lockPath, content)) {
      return () => {
        if (read(lockPath)?.raw === content) fs.rmSync(lockPath, { force: true });
      };
    }
    const found = read(lockPath);
    if (!found) continue;
    // Unreadable: a process is writing it this instant (the link makes that all but impossible).
    if (!found.holder) throw new LockHeldError({ pid: -1, startedAt: null, host: os.hostname() });
    if (isAlive(found.holder)) throw new LockHeldError(found.holder);
    takeOverStale(lockPath, found.raw);
  }
  throw new Error(`Could not take the lock ${lockPath}`);
}

/**
 * Removes a stale lock, unless it changed meanwhile: two processes starting together after a
 * crash both find it stale, and only the one holding the short take-over lock may remove it
 * (the other then finds the winner's fresh lock and is refused).
 */
function takeOverStale(lockPath: string, staleRaw: string) {
  const mutex = `${lockPath}.takeover`;
  if (!createExclusive(mutex, String(process.pid))) {
    // Left by a process that died in the middle of a take-over (a moment's work): clear it.
    const age = Date.now() - (fs.statSync(mutex, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
    if (age > 10_000) fs.rmSync(mutex, { force: true });
    // Another process is taking over right now: give it a moment, then look again.
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    return;
  }
  try {
    if (read(lockPath)?.raw === staleRaw) fs.rmSync(lockPath, { force: true });
  } finally {
    fs.rmSync(mutex, { force: true });
  }
}
