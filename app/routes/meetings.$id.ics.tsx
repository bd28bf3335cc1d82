// /meetings/:id/ics: the meeting as a calendar file (a resource route: no page). For members of
// the meeting's forum and staff; the online link is in it only for those allowed to see it.
import type { LoaderFunctionArgs } from "@remix-run/node";
import { meetingCalendar } from "~/models/meetings/calendar.server";
import { getMeetingForViewer, listAgenda } from "~/models/meetings/meetings.server";
import { requireUser } from "~/services/session.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requireUser(request);
  const m = await getMeetingForViewer(params.id ?? "", viewer);
  if (!m || !m.access.canDownloadCalendar) throw new Response("Not found", { status: 404 });
  const agenda = await listAgenda(m.id);
  const body = meetingCalendar(m, { includeOnlineLink: m.access.canSeeLink, agendaTitles: agenda.map((a) => a.title) });
  const slug = m.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "meeting";
  return new Response(body, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `attachment; filename="${slug}.ics"`,
      "Cache-Control": "private, no-store",
    },
  });
}
