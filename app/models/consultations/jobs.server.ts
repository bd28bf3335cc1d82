// The consultations' scheduled jobs and their live-count room. Both must be registered in the
// server's own module graph (app/server.ts → app/services/jobs.server.ts), because the
// scheduler's job list and Socket.IO's room checks live in that copy of the modules, not in the
// Remix build's.
import { eq } from "drizzle-orm";
import { consultation } from "../../../db/schema/consultations";
import { database } from "../database.server";
import { registerRoom } from "~/services/realtime.server";
import { registerJob } from "~/services/scheduler.server";
import { isStaff } from "~/utils/permissions";
import { isUuid } from "./consultations.server";
import { closeDueConsultations, openDueConsultations, remindClosingConsultations } from "./lifecycle.server";

/**
 * Opening and closing at their times, and the "closing in 48 hours" reminders. Each is a
 * function of `now` made of conditional updates, safe to run twice and from several processes.
 * Also registers the live-count room (registerConsultationRooms), so one call wires both.
 */
export function registerConsultationJobs() {
  registerJob({ name: "consultations: open scheduled drafts", run: openDueConsultations });
  registerJob({ name: "consultations: close at closing time", run: closeDueConsultations });
  registerJob({ name: "consultations: closing-soon reminders", run: remindClosingConsultations });
  registerConsultationRooms();
}

let roomRegistered = false;

/**
 * `consultation:<id>`: staff only. It carries the number of responses as it rises
 * ("consultation:count") and lifecycle moves ("consultation:status"), never an answer.
 */
export function registerConsultationRooms() {
  if (roomRegistered) return;
  roomRegistered = true;
  registerRoom("consultation:", async (user, room) => {
    if (!user || !isStaff(user.role)) return false;
    const id = room.slice("consultation:".length);
    if (!isUuid(id)) return false;
    const rows = await database().select({ id: consultation.id }).from(consultation).where(eq(consultation.id, id));
    return rows.length > 0;
  });
}
