import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { parseWithZod } from "@conform-to/zod";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Pagination } from "~/components/pagination";
import { Button, ErrorSummary, Select, TextInput } from "~/components/forms";
import { auditActions, auditTargetTypes, listAudit } from "~/models/audit/audit-log.server";
import { requirePermission } from "~/services/session.server";
import { endOfLondonDay, formatLondonDateTime, isIsoDate, startOfLondonDay } from "~/utils/london-time";
import { isRole, ROLE_LABELS } from "~/utils/permissions";
import { TableScroll } from "~/components/table-scroll";
import { MAX_INTEGER } from "~/utils/form-input";

export const meta: MetaFunction = () => [{ title: "Audit log – Victim Voice Forum" }];

const PAGE_SIZE = 50;
const isoDate = z.string().trim().refine(isIsoDate, "Enter a real date, like 2026-03-27");
const schema = z
  .object({
    action: z.string().trim().max(100).optional(),
    actor: z.string().trim().max(100, "The name must be 100 characters or fewer").optional(),
    targetType: z.string().trim().max(100).optional(),
    from: isoDate.optional(),
    to: isoDate.optional(),
    before: z.coerce.number().int().positive().max(MAX_INTEGER).optional().catch(undefined),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: "The ‘to’ date must be the same as or after the ‘from’ date", path: ["to"] });

const TARGET_LINKS: Record<string, (id: string) => string> = {
  user: (id) => `/admin/people/${id}`,
  forum: (id) => `/admin/forums/${id}`,
};

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "audit:read");
  const url = new URL(request.url);
  const submission = parseWithZod(url.searchParams, { schema });
  const [actions, targetTypes] = await Promise.all([auditActions(), auditTargetTypes()]);
  const choices = { actions, targetTypes };
  if (submission.status !== "success") {
    return data({ ...choices, result: submission.reply(), entries: [], olderHref: null, newestHref: null }, { status: 400 });
  }
  const f = submission.value;
  const { entries, nextBefore } = await listAudit({
    action: f.action || undefined,
    actorName: f.actor || undefined,
    targetType: f.targetType || undefined,
    from: f.from ? startOfLondonDay(f.from) : undefined,
    to: f.to ? endOfLondonDay(f.to) : undefined,
    before: f.before,
    limit: PAGE_SIZE,
  });
  const pageLink = (before?: number) => {
    const params = new URLSearchParams(url.searchParams);
    params.delete("before");
    if (before) params.set("before", String(before));
    const query = params.toString();
    return `/admin/audit${query ? `?${query}` : ""}`;
  };
  return {
    ...choices,
    result: submission.reply(),
    entries: entries.map((e) => ({
      id: e.id,
      when: formatLondonDateTime(e.createdAt),
      who: e.actorName ?? "The system",
      role: isRole(e.actorRole) ? ROLE_LABELS[e.actorRole] : null,
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      targetName: e.targetName,
      targetHref: TARGET_LINKS[e.targetType]?.(e.targetId) ?? null,
      reason: e.action === "user.rename" ? renameReason(e.nameFrom, e.nameTo) : e.reason,
    })),
    olderHref: nextBefore ? pageLink(nextBefore) : null,
    newestHref: f.before ? pageLink() : null,
  };
}

function renameReason(from: string | null, to: string | null) {
  return from && to ? `Display name changed from "${from}" to "${to}"` : "Display name changed (the names went when the account was deleted)";
}

export default function AuditLog() {
  const { actions, targetTypes, result, entries, olderHref, newestHref } = useLoaderData<typeof loader>();
  return (
    <>
      <ErrorSummary result={result?.error && Object.keys(result.error).length ? result : undefined} fieldOrder={["action", "actor", "targetType", "from", "to"]} />
      <h1 className="govuk-heading-l">Audit log</h1>
      <p className="govuk-body">
        Every staff action — approving, rejecting, redacting, changing a role, publishing, suspending, inviting — is recorded here with
        who did it, when and why. The log is append-only: nobody, administrators included, can change or delete an entry, and the
        database itself refuses to.
      </p>
      <Form method="get" className="govuk-!-margin-bottom-6" key={JSON.stringify(result?.initialValue ?? {})}>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <Select name="action" label="Action" result={result} options={[{ value: "", label: "Any action" }, ...actions.map((a) => ({ value: a, label: a }))]} />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput name="actor" label="Who (display name)" spellCheck={false} result={result} />
          </div>
          <div className="govuk-grid-column-one-third">
            <Select
              name="targetType"
              label="On what"
              result={result}
              options={[{ value: "", label: "Anything" }, ...targetTypes.map((t) => ({ value: t, label: t }))]}
            />
          </div>
        </div>
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-one-third">
            <TextInput name="from" label="From (date)" type="date" hint="For example, 2026-03-27" result={result} />
          </div>
          <div className="govuk-grid-column-one-third">
            <TextInput name="to" label="To (date)" type="date" hint="Includes the whole day, London time" result={result} />
          </div>
        </div>
        <div className="govuk-button-group">
          <Button secondary>Filter the log</Button>
          <Link className="govuk-link" to="/admin/audit">
            Clear filters
          </Link>
        </div>
      </Form>
      <TableScroll>
      <table className="govuk-table" data-testid="audit-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Entries, newest first</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">When (London time)</th>
            <th scope="col" className="govuk-table__header">Who</th>
            <th scope="col" className="govuk-table__header">Action</th>
            <th scope="col" className="govuk-table__header">On what</th>
            <th scope="col" className="govuk-table__header">Reason</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {entries.map((e) => (
            <tr className="govuk-table__row" key={e.id}>
              <td className="govuk-table__cell">{e.when}</td>
              <td className="govuk-table__cell">
                {e.who}
                {e.role ? <span className="govuk-hint govuk-!-margin-bottom-0">{e.role}</span> : null}
              </td>
              <td className="govuk-table__cell">{e.action}</td>
              <td className="govuk-table__cell govuk-!-text-break-word">
                {e.targetType}{" "}
                {e.targetHref ? (
                  <Link className="govuk-link" to={e.targetHref}>
                    {e.targetName ?? e.targetId}
                  </Link>
                ) : (
                  (e.targetName ?? e.targetId)
                )}
              </td>
              <td className="govuk-table__cell">{e.reason ?? ""}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      {entries.length === 0 ? <p className="govuk-body">No entries match.</p> : null}
      <Pagination
        label="Audit log pages"
        newest={newestHref ? { href: newestHref, text: "Newest entries" } : null}
        older={olderHref ? { href: olderHref, text: "Older entries" } : null}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
