// Every scheduled job the server runs, registered in one place. Features add theirs here.
export function registerJobs() {
  // Consultations (opening, closing, 48-hour reminders) and meetings/actions (reminders,
  // overdue notices) register their jobs here.
}
