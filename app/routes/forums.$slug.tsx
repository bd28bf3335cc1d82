import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { db } from "~/utils/db.server";
import { ErrorPage } from "~/components/error-page";
import { getForumForUser } from "~/models/forum.server";
import { requireUser } from "~/services/session.server";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.forum.name ?? "Forum"} – Victim Voice Forum` },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const forum = await getForumForUser(db(), params.slug ?? "", user);
  // A forum you do not belong to is not shown to exist.
  if (!forum) throw new Response("Not found", { status: 404 });
  return { forum: { name: forum.name, slug: forum.slug, description: forum.description } };
}

export default function ForumPage() {
  const { forum } = useLoaderData<typeof loader>();
  return (
    <>
      <h1 className="govuk-heading-l">{forum.name}</h1>
      <p className="govuk-body-l">{forum.description}</p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
