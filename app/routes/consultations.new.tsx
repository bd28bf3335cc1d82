// /consultations/new: a responder or moderator starts a draft with its details; the questions
// are added on the next page (/consultations/:id/edit).
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";
import { DETAILS_ORDER, DetailsForm } from "~/components/consultation-draft-forms";
import { ErrorSummary } from "~/components/forms";
import { createConsultation, detailsFormSchema } from "~/models/consultations/consultations.server";
import { addLondonDays } from "~/utils/london-clock";
import { listAllForums } from "~/models/people/forums.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { ORGANISATION_LABELS } from "~/utils/permissions";
import { londonDate } from "~/utils/working-days";

export const meta: MetaFunction = () => [{ title: "Draft a consultation – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requirePermission(request, "consultation:draft");
  const forums = await listAllForums();
  const today = londonDate(new Date());
  return {
    forums: forums.map((f) => ({ value: f.id, label: f.name })),
    organisationChoice: user.role !== "responder",
    fixedOrganisation: user.organisation ? ORGANISATION_LABELS[user.organisation] : null,
    defaults: {
      title: "",
      summary: "",
      proposal: "",
      organisation: user.organisation ?? "met",
      forumIds: [],
      opensDate: addLondonDays(today, 1),
      opensTime: "09:00",
      closesDate: addLondonDays(today, 29),
      closesTime: "17:00",
    },
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requirePermission(request, "consultation:draft");
  const submission = parseWithZod(await readForm(request), { schema: detailsFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const created = await createConsultation(user, submission.value);
    return redirect(`/consultations/${created.id}/edit?done=created`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data(submission.reply(refusal.reply), { status: refusal.status });
  }
}

export default function NewConsultation() {
  const { forums, organisationChoice, fixedOrganisation, defaults } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary result={result} fieldOrder={DETAILS_ORDER} />
      <span className="govuk-caption-l">Consultations</span>
      <h1 className="govuk-heading-l">Draft a consultation</h1>
      <p className="govuk-body">Start with the proposal and when members can answer. You add the questions next. Nobody but staff sees a draft.</p>
      <DetailsForm result={result} defaults={defaults} forums={forums} organisationChoice={organisationChoice} fixedOrganisation={fixedOrganisation} button="Save and add questions" />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
