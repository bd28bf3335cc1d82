import { MINUTE } from "~/utils/time";
// Time-driven work (opening and closing consultations, reminders, overdue notices). Each job is
// a function of `now` that must be safe to run twice and from several processes at once: it
// changes rows with conditional updates ("where status = 'draft' and opens_at <= now") and
// records what it sent, so a second run finds nothing left to do. Tests call jobs directly
// with a chosen `now`; the server runs them every minute.
export type Job = { name: string; run: (now: Date) => Promise<unknown> };

const jobs: Job[] = [];

export function registerJob(job: Job) {
  if (!jobs.some((j) => j.name === job.name)) jobs.push(job);
}

export function registeredJobs(): readonly Job[] {
  return jobs;
}

/** Runs every job once, in order; one job failing does not stop the others. */
export async function runDueJobs(now = new Date()) {
  for (const job of jobs) {
    try {
      await job.run(now);
    } catch (err) {
      console.error(`[scheduler] ${job.name} failed:`, err instanceof Error ? err.message : err);
    }
  }
}

export function startScheduler(intervalMs = MINUTE): { stop: () => Promise<void> } {
  let running: Promise<void> | undefined;
  const tick = () => {
    running ??= runDueJobs().finally(() => {
      running = undefined;
    });
  };
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  // A first pass soon after start, so anything that fell due while the server was down happens.
  const first = setTimeout(tick, 2_000);
  first.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      clearTimeout(first);
      await running;
    },
  };
}
