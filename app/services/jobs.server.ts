// Every scheduled job the server runs, registered in one place. Features add theirs here.
import { registerConsultationJobs } from "~/models/consultation-jobs.server";
import { registerMeetingJobs } from "~/models/meeting-jobs.server";

export function registerJobs() {
  registerConsultationJobs();
  registerMeetingJobs();
}
