// The .ics calendar file for a meeting, written by the `ics` library (RFC 5545 escaping, line
// folding and CRLFs are its job). Times are given in UTC, which every calendar converts to the
// reader's zone. The online link is included only for people allowed to see it; the UID stays
// the same and SEQUENCE follows the meeting's version, so a downloaded update replaces the old
// entry, and a cancelled meeting is sent as STATUS:CANCELLED.
import { createEvent, type EventAttributes } from "ics";
import { publicUrl } from "~/services/config.server";
import type { Meeting } from "../../../db/schema/meetings";

export function meetingCalendar(m: Meeting & { forumName: string }, options: { includeOnlineLink: boolean; agendaTitles: string[] }): string {
  const url = `${publicUrl()}/meetings/${m.id}`;
  const location = [m.place, m.onlineUrl ? (options.includeOnlineLink ? m.onlineUrl : "Online (link on the meeting's page)") : null].filter(Boolean).join(" / ");
  const description = [
    m.description,
    options.agendaTitles.length ? `Agenda:\n${options.agendaTitles.map((t, i) => `${i + 1}. ${t}`).join("\n")}` : "",
    m.onlineUrl && options.includeOnlineLink ? `Join online: ${m.onlineUrl}` : "",
    `Details and updates: ${url}`,
  ]
    .filter(Boolean)
    .join("\n\n");
  const event: EventAttributes = {
    uid: `meeting-${m.id}@victim-voice-forum`,
    productId: "victim-voice-forum/meetings",
    method: "PUBLISH",
    title: `${m.title} (${m.forumName})`,
    description,
    location: location || undefined,
    url,
    start: m.startsAt.getTime(),
    startInputType: "utc",
    startOutputType: "utc",
    end: m.endsAt.getTime(),
    endInputType: "utc",
    endOutputType: "utc",
    status: m.status === "cancelled" ? "CANCELLED" : "CONFIRMED",
    sequence: m.version,
    busyStatus: "BUSY",
  };
  const { error, value } = createEvent(event);
  if (error || !value) throw error ?? new Error("The calendar file could not be made");
  return value;
}
