// The consultations' scheduled jobs: opening and closing at their times, and the "closing in 48
// hours" reminders. Each is a function of `now` made of conditional updates, safe to run twice
// and from several processes. The server's job list (app/services/jobs.server.ts) registers them;
// the staff's live-count room is declared with every other room in app/services/rooms.server.ts.
import { closeDueConsultations, openDueConsultations, remindClosingConsultations } from "./lifecycle.server";

/** The consultations' scheduled jobs, in the order they run. */
export const consultationJobs = [
  { name: "consultations: open scheduled drafts", run: openDueConsultations },
  { name: "consultations: close at closing time", run: closeDueConsultations },
  { name: "consultations: closing-soon reminders", run: remindClosingConsultations },
];
