// "You said, we did": the official response to a consultation whose results are published.
//
// It is an official response like those on threads (`official_response`, targetType
// "consultation"), so it appears wherever official responses are listed, with the
// organisation's badge. Its three parts (what we heard, what will change, what will not and
// why) are written as separate fields and stored as one Markdown body with a heading per part,
// rendered and sanitized once like every other response. Action items it promises go into the
// shared action log (createActionItem, sourceType "consultation"), in the same transaction as
// the response, the move to `responded`, the audit entry and the emails.
import { and, asc, eq, inArray, isNotNull } from "drizzle-orm";
import { z } from "zod";
import type { Queryable } from "../../../db/client";
import { officialResponse } from "../../../db/schema/threads";
import { consultation } from "../../../db/schema/consultations";
import { database, transaction } from "../database.server";
import { audit } from "~/models/audit/audit-log.server";
import { renderMarkdown } from "~/services/markdown.server";
import type { CurrentUser } from "~/services/session.server";
import { can, type Organisation } from "~/utils/permissions";
import { consultationResponseDueAt } from "~/utils/clocks";
import { actionItemSchema, createActionItem, type ActionOrganisation } from "../actions/action-items.server";
import { isUuid } from "~/utils/uuid";
import { ConsultationMoveError, markResponded, refuseConsultationStepBefore } from "./lifecycle.server";
import { publishEvents, type PendingEvent } from "../notifications/notifications.server";

export const MAX_ACTIONS = 10;

const part = (label: string, min = 20) =>
  z
    .string({ required_error: `Write ${label}` })
    .trim()
    .min(min, `Write at least ${min} characters for ${label}`)
    .max(10_000, `Keep ${label} to 10,000 characters or fewer`);

export const youSaidWeDidFields = {
  responderTitle: z.string({ required_error: "Enter your role, like Reform lead, Victim Care" }).trim().min(3, "Enter your role, like Reform lead, Victim Care").max(120, "Your role must be 120 characters or fewer"),
  heard: part("what you heard"),
  change: part("what will change"),
  notChange: part("what will not change, and why"),
};

export type ActionRow = { title: string; details: string; organisation: ActionOrganisation; dueDate: string };

export type YouSaidWeDid = { responderTitle: string; heard: string; change: string; notChange: string; actions: ActionRow[] };

/**
 * The action item rows of the form (`action-<i>-title`, …). A row left wholly blank is
 * skipped; any other row is checked with the action log's own schema, and its errors are
 * keyed `action-<i>-<field>` for the page.
 */
export function parseActionRows(form: FormData, rows: number, now = new Date()): { actions: ActionRow[]; errors: Record<string, string[]> } {
  const actions: ActionRow[] = [];
  const errors: Record<string, string[]> = {};
  const schema = actionItemSchema(now);
  for (let i = 0; i < rows; i++) {
    const get = (f: string) => String(form.get(`action-${i}-${f}`) ?? "").trim();
    const raw = { title: get("title"), details: get("details"), organisation: get("organisation"), dueDay: get("dueDay"), dueMonth: get("dueMonth"), dueYear: get("dueYear") };
    if (!raw.title && !raw.details && !raw.dueDay && !raw.dueMonth && !raw.dueYear) continue;
    const parsed = schema.safeParse({ ...raw, organisation: raw.organisation || undefined });
    if (parsed.success) actions.push(parsed.data as ActionRow);
    else for (const issue of parsed.error.issues) (errors[`action-${i}-${String(issue.path[0] ?? "title")}`] ??= []).push(issue.message);
  }
  return { actions, errors };
}

export function youSaidWeDidMarkdown(input: Pick<YouSaidWeDid, "heard" | "change" | "notChange">): string {
  return [`### What you told us\n\n${input.heard}`, `### What will change\n\n${input.change}`, `### What will not change, and why\n\n${input.notChange}`].join("\n\n");
}

/** A responder of the consultation's organisation publishes the response, once results are published. */
export async function publishYouSaidWeDid(responder: Pick<CurrentUser, "id" | "role" | "organisation">, consultationId: string, input: YouSaidWeDid, now = new Date()) {
  if (!can(responder.role, "official-response:publish") || !responder.organisation) throw new ConsultationMoveError("Only Met and MOPAC responders can publish a response");
  if (!isUuid(consultationId)) throw new ConsultationMoveError("That consultation does not exist");
  if (input.actions.length > MAX_ACTIONS) throw new ConsultationMoveError(`A response can create at most ${MAX_ACTIONS} action items`);
  const events: PendingEvent[] = [];
  const created = await transaction(async (tx) => {
    const [c] = await tx.select().from(consultation).where(eq(consultation.id, consultationId)).for("update");
    if (!c) throw new ConsultationMoveError("That consultation does not exist");
    if (c.organisation !== responder.organisation) throw new ConsultationMoveError("Only the organisation whose proposal this is can respond to it");
    if (c.status !== "published") {
      throw new ConsultationMoveError(
        c.status === "responded" ? "This consultation has already been responded to. Nothing was changed." : "You can respond once the consultation has closed and its results are published.",
      );
    }
    // A response is never dated before the results it answers were published (issue 12).
    refuseConsultationStepBefore(now, c.resultsPublishedAt ?? c.closedAt, "The response");
    const body = youSaidWeDidMarkdown(input);
    const [response] = await tx
      .insert(officialResponse)
      .values({
        targetType: "consultation",
        targetId: c.id,
        organisation: responder.organisation!,
        responderId: responder.id,
        responderTitle: input.responderTitle,
        bodySource: body,
        bodyHtml: renderMarkdown(body),
        publishedAt: now,
      })
      .returning();
    const actions = [];
    for (const a of input.actions) {
      actions.push(await createActionItem(tx, { ...a, sourceType: "consultation", sourceId: c.id, createdById: responder.id, now }));
    }
    if (!(await markResponded(tx, c, responder.id, now, events))) throw new ConsultationMoveError("This consultation has already been responded to. Nothing was changed.");
    await audit(tx, {
      actorId: responder.id,
      action: "consultation.respond",
      targetType: "consultation",
      targetId: c.id,
      details: { responseId: response.id, organisation: response.organisation, actionItemIds: actions.map((a) => a.id) },
    });
    return { response, actions };
  });
  publishEvents(events);
  return created;
}

/** The consultation's official response ("You said, we did"), if published. */
export async function getYouSaidWeDid(consultationId: string) {
    const q = database();
  const [row] = await q
    .select({
      id: officialResponse.id,
      organisation: officialResponse.organisation,
      responderTitle: officialResponse.responderTitle,
      bodyHtml: officialResponse.bodyHtml,
      publishedAt: officialResponse.publishedAt,
      editedAt: officialResponse.editedAt,
    })
    .from(officialResponse)
    .where(and(eq(officialResponse.targetType, "consultation"), eq(officialResponse.targetId, consultationId)))
    .orderBy(asc(officialResponse.publishedAt))
    .limit(1);
  return row ?? null;
}

/**
 * The consultations awaiting `organisation`'s "You said, we did" (/respond): its own proposals
 * that have closed and are not yet answered, soonest due first, each with the moment the
 * response is due (12 weeks after closing, utils/clocks.ts). `canRespond` is false while the
 * results are not published yet: the clock runs from the close, but the response waits for them.
 */
export async function listConsultationsAwaitingResponse(organisation: Organisation) {
  const rows = await database()
    .select({ id: consultation.id, title: consultation.title, status: consultation.status, closedAt: consultation.closedAt })
    .from(consultation)
    .where(and(eq(consultation.organisation, organisation), inArray(consultation.status, ["closed", "published"]), isNotNull(consultation.closedAt)))
    .orderBy(asc(consultation.closedAt), asc(consultation.id))
    .limit(200);
  return rows.map((r) => ({ id: r.id, title: r.title, canRespond: r.status === "published", dueAt: consultationResponseDueAt(r.closedAt!) }));
}
