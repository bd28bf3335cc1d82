// Every scheduled job the server runs, registered in one place. Features add theirs here.
import { registerConsultationJobs } from "~/models/consultations/jobs.server";
import { registerMeetingJobs } from "~/models/meetings/jobs.server";

export function registerJobs() {
  registerConsultationJobs();
  registerMeetingJobs();
}
