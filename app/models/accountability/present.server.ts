// Turning public records into what pages show: dates formatted in London time on the server
// (the browser's own time-zone data may differ), names of organisations, timeliness in words.
import { formatLondonDate } from "~/utils/london-time";
import {
  ACTION_STATUS_NAMES,
  daysToComplete,
  daysToRespond,
  oneLine,
  ORGANISATION_NAMES,
  plainText,
  RESPONSE_KIND_LABELS,
  timelinessOf,
  timelinessText,
  type PublicAction,
  type PublicResponse,
  type ResponseItem,
} from "./dashboard.server";
import { isActionOverdue, responseOutcome, type ResponseOutcome } from "~/utils/clocks";

export function presentResponse(r: PublicResponse, items: ResponseItem[], options: { excerpt?: number } = {}) {
  const t = timelinessOf(r, items);
  return {
    id: r.id,
    kind: r.kind,
    kindLabel: RESPONSE_KIND_LABELS[r.kind],
    organisation: r.organisation,
    organisationName: ORGANISATION_NAMES[r.organisation] ?? r.organisation,
    responderTitle: r.responderTitle,
    published: formatLondonDate(r.publishedAt),
    publishedIso: r.publishedAt.toISOString(),
    edited: r.editedAt ? formatLondonDate(r.editedAt) : null,
    target: r.target,
    timeliness: { state: t.state, text: timelinessText(t) },
    excerpt: options.excerpt ? oneLine(plainText(r.bodyHtml, options.excerpt)) : null,
  };
}

export type ResponseSummaryView = ReturnType<typeof presentResponse>;

export const OUTCOME_TEXT: Record<ResponseOutcome, string> = {
  "on-time": "Answered on time",
  late: "Answered late",
  overdue: "Overdue",
  "not-yet-due": "Awaiting a response",
};

export function presentItem(i: ResponseItem, now: Date) {
  const days = daysToRespond(i);
  return {
    key: `${i.kind}:${i.id}:${i.organisation}`,
    kind: i.kind,
    kindLabel: RESPONSE_KIND_LABELS[i.kind],
    label: i.label,
    summary: i.summary,
    href: i.href,
    forumNames: i.forumNames,
    organisation: i.organisation,
    organisationName: ORGANISATION_NAMES[i.organisation] ?? i.organisation,
    requested: formatLondonDate(i.requestedAt),
    due: formatLondonDate(i.dueAt),
    dueIso: i.dueAt.toISOString(),
    outcome: responseOutcome(i, now),
    answered: i.answeredAt ? formatLondonDate(i.answeredAt) : null,
    daysToRespond: days,
    responseId: i.firstResponseId,
  };
}

export type ItemView = ReturnType<typeof presentItem>;

export function presentAction(a: PublicAction, now: Date) {
  return {
    id: a.id,
    title: a.title,
    organisation: a.organisation,
    organisationName: ORGANISATION_NAMES[a.organisation] ?? a.organisation,
    status: a.status,
    statusLabel: ACTION_STATUS_NAMES[a.status] ?? a.status,
    due: formatLondonDate(a.dueAt),
    dueIso: a.dueAt.toISOString(),
    overdue: isActionOverdue(a, now),
    completed: a.completedAt ? formatLondonDate(a.completedAt) : null,
    daysToComplete: daysToComplete(a),
    sourceLabel: a.sourceLabel,
    sourceHref: a.sourceHref,
    forumName: a.forumName,
  };
}

export type ActionView = ReturnType<typeof presentAction>;

/** "71%" (whole per cent), or null. */
export function percentText(share: number | null): string | null {
  return share === null ? null : `${Math.round(share * 100)}%`;
}

/** "4.5 days" / "1 day", or null. */
export function daysText(days: number | null): string | null {
  if (days === null) return null;
  const n = Number.isInteger(days) ? String(days) : days.toFixed(1);
  return `${n} day${days === 1 ? "" : "s"}`;
}
