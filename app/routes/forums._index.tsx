import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { SuccessBanner } from "~/components/forms";
import { readFlash } from "~/services/flash.server";
import { listForumsForUser } from "~/models/people/forums.server";
import { requireUser } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Your forums – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const forums = await listForumsForUser(user);
  // The welcome after joining is said once, to the person who just joined.
  const { flash, clear } = await readFlash(request);
  return data({ welcome: flash === "welcome", forums: forums.map((f) => ({ slug: f.slug, name: f.name, description: f.description })) }, { headers: clear });
}

export default function Forums() {
  const { forums, welcome } = useLoaderData<typeof loader>();
  return (
    <>
      {welcome ? (
        <SuccessBanner title="Welcome">
          Welcome to the Victim Voice Forum. You have joined{forums.length ? ` ${forums.map((f) => f.name).join(" and ")}` : ""}. Everything you write is read by a moderator before anyone else sees it.
        </SuccessBanner>
      ) : null}
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
