import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { listForumsForUser } from "~/models/people/forums.server";
import { requireUser } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Your forums – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const forums = await listForumsForUser(user);
  return { forums: forums.map((f) => ({ slug: f.slug, name: f.name, description: f.description })) };
}

export default function Forums() {
  const { forums } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">Your forums</h1>
      {forums.length === 0 ? (
        <p className="govuk-body">You are not in any forum yet. The moderators will add you to one.</p>
      ) : (
        <ul className="govuk-list">
          {forums.map((f) => (
            <li key={f.slug} className="govuk-!-margin-bottom-6">
              <h2 className="govuk-heading-m govuk-!-margin-bottom-1">
                <Link className="govuk-link" to={`/forums/${f.slug}`}>
                  {f.name}
                </Link>
              </h2>
              <p className="govuk-body">{f.description}</p>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
