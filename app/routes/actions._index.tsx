// /actions: the public action log. Every promise the Met, MOPAC or the facilitators made in a
// meeting's published minutes or a consultation response, with its status, due date and
// where it came from; overdue ones flagged and counted. Filters are a GET form, so a filtered
// view is a link anyone can share.
import type { LoaderFunctionArgs, HeadersFunction, MetaFunction } from "@remix-run/node";
import { publicPageHeaders } from "~/services/http.server";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ActionTable } from "~/components/action-fields";
import { ErrorPage } from "~/components/error-page";
import { Checkbox, Select } from "~/components/forms";
import { listAllForums, listForumsForUser } from "~/models/people/forums.server";
import {
  ACTION_ORGANISATION_LABELS,
  ACTION_ORGANISATIONS,
  ACTION_STATUS_LABELS,
  ACTION_STATUSES,
  isActionOrganisation,
  isActionStatus,
  listActionLog,
  presentAction,
  updatableOrganisation,
} from "~/models/actions/action-items.server";
import { getCurrentUser } from "~/services/session.server";
import { plural } from "~/utils/plural";

// Signed out, this page shows only public records; entry.server.tsx makes it private for anyone signed in.
export const headers: HeadersFunction = publicPageHeaders;

export const meta: MetaFunction = () => [{ title: "Action log – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await getCurrentUser(request);
  const url = new URL(request.url);
  const organisation = url.searchParams.get("organisation");
  const status = url.searchParams.get("status");
  const forumSlug = url.searchParams.get("forum");
  const overdue = url.searchParams.get("overdue") === "1";
  // The forums to filter by: those whose minutes are public, and the viewer's own.
  const own = viewer ? await listForumsForUser(viewer) : [];
  const forums = (await listAllForums()).filter((f) => f.minutesPublic || own.some((o) => o.id === f.id));
  const forum = forums.find((f) => f.slug === forumSlug);
  const filter = {
    organisation: isActionOrganisation(organisation) ? organisation : undefined,
    status: isActionStatus(status) ? status : undefined,
    forumId: forum?.id,
    overdue,
  };
  const { actions, counts } = await listActionLog(viewer, filter);
  const owner = viewer ? updatableOrganisation(viewer) : null;
  return {
    filter: { organisation: filter.organisation ?? "", status: filter.status ?? "", forum: forum?.slug ?? "", overdue },
    forums: forums.map((f) => ({ value: f.slug, label: f.name })),
    counts,
    actions: actions.map(presentAction),
    ownOrganisation: owner ? { value: owner, label: ACTION_ORGANISATION_LABELS[owner] } : null,
    // Labels travel with the data: the browser bundle has no server modules.
    organisations: ACTION_ORGANISATIONS.map((o) => ({ value: o, label: ACTION_ORGANISATION_LABELS[o] })),
    statuses: ACTION_STATUSES.map((s) => ({ value: s, label: ACTION_STATUS_LABELS[s] })),
  };
}


export default function ActionLog() {
  const { filter, forums, counts, actions, ownOrganisation, organisations, statuses } = useLoaderData<typeof loader>();
  const filtered = !!(filter.organisation || filter.status || filter.forum || filter.overdue);
  return (
    <>
      <h1 className="govuk-heading-l">Action log</h1>
      <p className="govuk-body">
        What the Metropolitan Police, MOPAC and the forum&apos;s facilitators promised to do, and what happened. Each action links to the meeting or
        consultation where it was agreed, and to its full history of dated updates.
      </p>
      {ownOrganisation ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/actions?organisation=${ownOrganisation.value}`}>
            Show the actions {ownOrganisation.label} owns
          </Link>
        </p>
      ) : null}
      <div className="govuk-inset-text" data-testid="action-counts">
        {plural(counts.total, "action")}
        {filter.organisation || filter.forum ? " matching the owner and forum chosen" : ""}: {counts.open} open, {counts.inProgress} in progress, {counts.done} done,{" "}
        {counts.notDoing} not doing. <strong>{plural(counts.overdue, "action is", "actions are")} overdue.</strong>
      </div>
      <Form method="get" className="govuk-!-margin-bottom-6" data-testid="action-filters" key={JSON.stringify(filter)}>
        <fieldset className="govuk-fieldset">
          <legend className="govuk-fieldset__legend govuk-fieldset__legend--m">
            <h2 className="govuk-fieldset__heading">Filter the actions</h2>
          </legend>
          <FilterSelect name="organisation" label="Owner" value={filter.organisation} options={organisations} />
          <FilterSelect name="status" label="Status" value={filter.status} options={statuses} />
          {forums.length ? <FilterSelect name="forum" label="Forum" value={filter.forum} options={forums} /> : null}
          <Checkbox name="overdue" id="filter-overdue" value="1" label="Only overdue actions" defaultChecked={filter.overdue} />
        </fieldset>
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show actions
        </button>{" "}
        {filtered ? (
          <Link className="govuk-link govuk-!-margin-left-3" to="/actions">
            Clear the filters
          </Link>
        ) : null}
      </Form>
      {actions.length ? (
        <ActionTable actions={actions} caption={`${plural(actions.length, "action")} shown`} />
      ) : (
        <p className="govuk-body">No actions match these filters.</p>
      )}
    </>
  );
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return <Select name={name} id={`filter-${name}`} label={label} defaultValue={value} options={[{ value: "", label: "All" }, ...options]} />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
