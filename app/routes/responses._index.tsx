// /responses: every official response the public may read, newest first, filterable by
// organisation, by kind of thing answered and by forum (a GET form: works without JavaScript,
// and each filtered list has its own address). Keyset pagination ("Older responses").
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Select } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { ResponseSummary } from "~/components/response-summary";
import {
  decodeResponseCursor,
  encodeResponseCursor,
  listForumChoices,
  listPublicResponses,
  listResponseItems,
  parseResponseFilter,
  RESPONSE_KIND_LABELS,
  RESPONSE_KINDS,
} from "~/models/accountability/dashboard.server";
import { presentResponse } from "~/models/accountability/present.server";
import { publicPageHeaders } from "~/services/http.server";

export const meta: MetaFunction = () => [
  { title: "Official responses – Victim Voice Forum" },
  { name: "description", content: "Every official response from the Metropolitan Police and MOPAC to what victims of crime raised, and whether it came on time." },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Official responses (Atom feed)", href: "/feeds/responses.atom" },
];

export const headers: HeadersFunction = publicPageHeaders;

const PAGE_SIZE = 20;

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const filter = parseResponseFilter(url.searchParams);
  const forums = await listForumChoices();
  const chosenForum = forums.find((f) => f.slug === filter.forum) ?? null;
  const cursor = decodeResponseCursor(filter.after);
  const [{ responses, next }, items] = await Promise.all([
    listPublicResponses({ organisation: filter.org, kind: filter.kind, forumId: chosenForum?.id, before: cursor }, PAGE_SIZE),
    listResponseItems(),
  ]);
  const query = (extra: Record<string, string>) => {
    const params = new URLSearchParams();
    if (filter.org) params.set("org", filter.org);
    if (filter.kind) params.set("kind", filter.kind);
    if (chosenForum) params.set("forum", chosenForum.slug);
    for (const [k, v] of Object.entries(extra)) params.set(k, v);
    return `?${params}`;
  };
  return {
    filter: { org: filter.org ?? "", kind: filter.kind ?? "", forum: chosenForum?.slug ?? "" },
    forums: forums.map((f) => ({ value: f.slug, label: f.name })),
    kinds: RESPONSE_KINDS.map((k) => ({ value: k, label: RESPONSE_KIND_LABELS[k] })),
    filtered: !!(filter.org || filter.kind || chosenForum),
    responses: responses.map((r) => presentResponse(r, items, { excerpt: 300 })),
    nextHref: next ? query({ after: encodeResponseCursor(next) }) : null,
    firstHref: cursor ? query({}) : null,
  };
}

function FilterSelect({ name, label, value, options }: { name: string; label: string; value: string; options: { value: string; label: string }[] }) {
  return <Select name={name} id={`filter-${name}`} label={label} defaultValue={value} options={options} />;
}

export default function Responses() {
  const { filter, forums, kinds, filtered, responses, nextHref, firstHref } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Official responses</h1>
      <p className="govuk-body">
        Every answer the Metropolitan Police and MOPAC have published to what members raised in discussions, consultations and meetings,
        and on the actions they promised, newest first. Where a discussion is for members only, you see the moderators&apos; summary of it,
        never members&apos; own words.
      </p>
      <form method="get" action="/responses" className="vvf-filter" aria-label="Filter responses">
        <FilterSelect
          name="org"
          label="Organisation"
          value={filter.org}
          options={[
            { value: "", label: "All organisations" },
            { value: "met", label: "Metropolitan Police" },
            { value: "mopac", label: "MOPAC" },
          ]}
        />
        <FilterSelect name="kind" label="What it answers" value={filter.kind} options={[{ value: "", label: "Everything" }, ...kinds]} />
        <FilterSelect name="forum" label="Forum" value={filter.forum} options={[{ value: "", label: "All forums" }, ...forums]} />
        <button type="submit" className="govuk-button govuk-button--secondary" data-module="govuk-button">
          Show responses
        </button>
      </form>
      {filtered ? (
        <p className="govuk-body">
          <Link className="govuk-link" to="/responses">
            Show all responses
          </Link>
        </p>
      ) : null}
      {responses.length === 0 ? <p className="govuk-body">No official responses match.</p> : null}
      {responses.map((r) => (
        <ResponseSummary key={r.id} response={r} headingLevel={2} />
      ))}
      <Pagination
        label="Pages of responses"
        newest={firstHref ? { href: firstHref, text: "Newest responses" } : null}
        older={nextHref ? { href: nextHref, text: "Older responses" } : null}
      />
      <h2 className="govuk-heading-m">Follow and reuse</h2>
      <ul className="govuk-list">
        <li>
          <a className="govuk-link" href="/feeds/responses.atom">
            Atom feed of all official responses
          </a>
        </li>
        <li>
          <a className="govuk-link" href="/feeds/responses.met.atom">
            Atom feed of the Metropolitan Police&apos;s responses
          </a>
        </li>
        <li>
          <a className="govuk-link" href="/feeds/responses.mopac.atom">
            Atom feed of MOPAC&apos;s responses
          </a>
        </li>
        <li>
          <Link className="govuk-link" to="/open-data">
            Download every response as CSV or JSON
          </Link>
        </li>
      </ul>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
