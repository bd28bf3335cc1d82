// /respond: everything the responder's organisation has still to answer (threads, consultations,
// actions, meetings), overdue and soonest due first, each with its clock (models/responses/due-items).
import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { DueItems } from "~/components/due-items";
import { DUE_KIND_LABELS, listDueItems } from "~/models/responses/due-items.server";
import { forbidden, requirePermission } from "~/services/session.server";
import { ORGANISATION_LABELS } from "~/utils/permissions";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Waiting for a response${data ? ` from ${data.organisation}` : ""} – Victim Voice Forum` }];

export async function loader({ request }: LoaderFunctionArgs) {
  const responder = await requirePermission(request, "official-response:publish");
  if (!responder.organisation) throw forbidden("Your account is not linked to the Metropolitan Police or MOPAC. Please ask an administrator.");
  const items = await listDueItems(responder.organisation, new Date());
  return {
    organisation: ORGANISATION_LABELS[responder.organisation],
    items: items.map((i) => ({ ...i, kindLabel: DUE_KIND_LABELS[i.kind] })),
  };
}

export default function AwaitingResponse() {
  const { organisation, items } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Waiting for a response from {organisation}</h1>
      <p className="govuk-body">Everything your organisation has still to answer, whatever kind of item it is. Overdue and soonest due come first.</p>
      <p className="govuk-body">Each response is published straight away, in public, with your organisation&apos;s badge. Meetings have no due date.</p>
      <DueItems organisation={organisation} items={items} />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
