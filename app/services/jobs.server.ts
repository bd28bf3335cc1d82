// Every scheduled job the server runs, registered in one place. Each domain's models export
// their jobs (functions of `now`, safe to run twice); features add theirs to this list. It is
// called from the server's own module graph (app/server.ts), where the scheduler runs.
import { consultationJobs } from "~/models/consultations/jobs.server";
import { meetingJobs } from "~/models/meetings/jobs.server";
import { registerJob } from "./scheduler.server";

export function registerJobs() {
  for (const job of [...consultationJobs, ...meetingJobs]) registerJob(job);
}
