// /respond/actions/:id: a responder publishes their organisation's official response to an
// action it owns (once the action is public). Not pre-moderated: public at once, audited.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { datedResponses, publishResponseFromForm, requireOrganisationResponder } from "~/services/official-response-form.server";
import { ErrorPage } from "~/components/error-page";
import { ErrorSummary } from "~/components/forms";
import { ResponsesWithForm } from "~/components/official-response-form";
import { OfficialResponse } from "~/components/post-body";
import { getActionForViewer, presentAction } from "~/models/actions/action-items.server";
import { actionResponseOffer, listResponsesOn, publishActionResponse } from "~/models/responses/official-responses.server";
import { lastResponderTitle } from "~/models/threads/official-responses.server";
import { forbidden } from "~/services/session.server";
import { isActionOverdue } from "~/utils/clocks";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.action.title ? `Respond: ${data.action.title}` : "Respond"} – Victim Voice Forum` }];

async function loadAction(request: Request, id: string) {
  const responder = await requireOrganisationResponder(request);
  const item = await getActionForViewer(id, responder);
  if (!item) throw new Response("That action does not exist", { status: 404 });
  return { responder, item };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { responder, item } = await loadAction(request, params.id ?? "");
  const offer = await actionResponseOffer(responder, item.id);
  if (!offer) throw forbidden("Only the organisation that owns this action can respond to it, once the minutes it comes from are published.");
  const [responses, title] = await Promise.all([listResponsesOn("action", item.id), lastResponderTitle(responder.id)]);
  return {
    offer,
    lastTitle: title ?? "",
    action: presentAction({ ...item, overdue: isActionOverdue(item, new Date()) }),
    responses: datedResponses(responses),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const { responder, item } = await loadAction(request, params.id ?? "");
  return publishResponseFromForm(request, ({ body, responderTitle }) => publishActionResponse(responder, { actionId: item.id, body, responderTitle }), (id) => `/actions/${item.id}?done=response#response-${id}`);
}

export default function RespondToAction() {
  const { offer, lastTitle, action: a, responses } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary result={acted?.result} fieldOrder={["", "responderTitle", "body"]} />
      <span className="govuk-caption-l">Action owned by {a.organisationLabel}</span>
      <h1 className="govuk-heading-l">Respond to the action: {a.title}</h1>
      <p className="govuk-body">
        {a.statusLabel}, due {a.due}.{" "}
        <Link className="govuk-link" to={`/actions/${a.id}`}>
          Read the action and its history
        </Link>
      </p>
      <div className="govuk-inset-text">
        Your response is published straight away with the action, wherever the action is shown. It does not change the action&apos;s status: to record
        progress, use the action&apos;s own page.
      </div>
      <ResponsesWithForm
        responses={responses}
        offer={offer}
        noneYet="There are no official responses to this action yet."
        responded="has responded to this action. Each organisation responds once."
        lastTitle={lastTitle}
        result={acted?.result}
        pii={acted?.pii ?? null}
      />
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
