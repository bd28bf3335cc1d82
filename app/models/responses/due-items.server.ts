// Everything a responder's organisation has still to answer, in one list (/respond): threads a
// moderator marked for its response, its consultations awaiting "You said, we did", the open
// actions it owns, the meetings it was at and (the Met) each month's My Met Service report. Each item carries its public clock (utils/clocks.ts)
// where it has one; meetings have none (decision 026) and come last.
//
// Sorted by due date, so overdue items (due earliest) come first; items without a due date
// last, newest first. To add another kind of item, add its kind to DUE_KINDS and its rows to
// `sources` below: the page draws every kind the same way.
import { ACTION_STATUS_LABELS, type ActionStatus } from "../actions/action-items.server";
import { listConsultationsAwaitingResponse } from "../consultations/you-said-we-did.server";
import { listAwaitingResponse } from "../threads/official-responses.server";
import { listAnswerable } from "./official-responses.server";
import { clockFor, clockText, type ClockKind } from "~/utils/clocks";
import { formatLondonDate } from "~/utils/london-time";
import type { Organisation } from "~/utils/permissions";

export const DUE_KINDS = ["thread", "consultation", "action", "feedback-report", "meeting"] as const;
export type DueKind = (typeof DUE_KINDS)[number];

export const DUE_KIND_LABELS: Record<DueKind, string> = { thread: "Thread", consultation: "Consultation", action: "Action", "feedback-report": "My Met Service report", meeting: "Meeting" };

export type DueItem = {
  kind: DueKind;
  id: string;
  title: string;
  /** Where the responder answers it (or, while it cannot be answered yet, reads it). */
  href: string;
  /** Where it comes from or how it stands: "Forum name (members only)", "In progress", "Results not published yet". */
  detail: string;
  /** "3 March 2027", or null when nobody set one. */
  due: string | null;
  /** "Overdue by 3 days", "5 working days left"; null without a due date. */
  clock: { text: string; overdue: boolean } | null;
};

type Dated = DueItem & { dueAt: Date | null; sortKey: number };

function item(kind: DueKind, clockKind: ClockKind | null, dueAt: Date | null, now: Date, rest: Omit<DueItem, "kind" | "due" | "clock">, sortKey = 0): Dated {
  const state = clockKind && dueAt ? clockFor(clockKind, dueAt, now) : null;
  return {
    kind,
    ...rest,
    due: dueAt ? formatLondonDate(dueAt) : null,
    clock: state ? { text: clockText(state), overdue: state.overdue } : null,
    dueAt,
    sortKey,
  };
}

/** Every item awaiting `organisation`'s official response, overdue and soonest due first. */
export async function listDueItems(organisation: Organisation, now = new Date()): Promise<DueItem[]> {
  const [threads, consultations, answerable] = await Promise.all([
    listAwaitingResponse(organisation),
    listConsultationsAwaitingResponse(organisation),
    listAnswerable(organisation, now),
  ]);
  const items: Dated[] = [
    ...threads.map((t) =>
      item("thread", "thread", t.responseDueAt, now, {
        id: t.id,
        title: t.title,
        href: `/respond/threads/${t.id}`,
        detail: t.visibility === "members" ? `${t.forumName} (members only)` : t.forumName,
      }),
    ),
    ...consultations.map((c) =>
      item("consultation", "consultation", c.dueAt, now, {
        id: c.id,
        title: c.title,
        href: c.canRespond ? `/consultations/${c.id}/respond` : `/consultations/${c.id}`,
        detail: c.canRespond ? "Results published" : "Closed. You can respond once its results are published",
      }),
    ),
    ...answerable.actions.map((a) =>
      item("action", "action", a.dueAt, now, {
        id: a.id,
        title: a.title,
        href: `/respond/actions/${a.id}`,
        detail: ACTION_STATUS_LABELS[a.status as ActionStatus] ?? a.status,
      }),
    ),
    ...answerable.feedbackReports.map((r) =>
      item("feedback-report", "feedback-report", r.dueAt, now, {
        id: r.id,
        title: `Victims' ratings of officers, ${r.label}`,
        href: `/respond/my-met-service/${r.month}`,
        detail: "London-wide, by borough",
      }),
    ),
    ...answerable.meetings.map((m) =>
      item(
        "meeting",
        null,
        null,
        now,
        { id: m.id, title: m.title, href: `/respond/meetings/${m.id}`, detail: `${m.forumName}, ${formatLondonDate(m.startsAt)}` },
        m.startsAt.getTime(),
      ),
    ),
  ];
  items.sort((a, b) => {
    if (a.dueAt && b.dueAt) return a.dueAt.getTime() - b.dueAt.getTime() || DUE_KINDS.indexOf(a.kind) - DUE_KINDS.indexOf(b.kind);
    if (a.dueAt || b.dueAt) return a.dueAt ? -1 : 1;
    return b.sortKey - a.sortKey;
  });
  return items.map(({ dueAt: _dueAt, sortKey: _sortKey, ...rest }) => rest);
}
