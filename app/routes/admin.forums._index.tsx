import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, TextArea, TextInput } from "~/components/forms";
import { countForumMembers, createForum, forumFormSchema, listAllForums } from "~/models/people/forums.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { can } from "~/utils/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction = () => [{ title: "Forums – Victim Voice Forum" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "forum:manage-membership");
  const [forums, counts] = await Promise.all([listAllForums(), countForumMembers()]);
  return {
    canCreate: can(viewer.role, "forum:manage"),
    forums: forums.map((f) => ({ id: f.id, name: f.name, slug: f.slug, minutesPublic: f.minutesPublic, members: counts.get(f.id) ?? 0 })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "forum:manage");
  const submission = parseWithZod(await readForm(request), { schema: forumFormSchema });
  if (submission.status !== "success") return data(submission.reply(), { status: 400 });
  try {
    const created = await createForum(actor, submission.value);
    return redirect(`/admin/forums/${created.id}?done=created`);
  } catch (err) {
    const refusal = refusalOf(err);
    return data(submission.reply(refusal.reply), { status: refusal.status });
  }
}

export default function Forums() {
  const { canCreate, forums } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  return (
    <>
      <ErrorSummary result={result} fieldOrder={["name", "slug", "description", "minutesPublic"]} />
      <h1 className="govuk-heading-l">Forums</h1>
      <TableScroll>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">All forums</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Name</th>
            <th scope="col" className="govuk-table__header">Web address</th>
            <th scope="col" className="govuk-table__header govuk-table__header--numeric">Members</th>
            <th scope="col" className="govuk-table__header">Minutes</th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {forums.map((f) => (
            <tr className="govuk-table__row" key={f.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/forums/${f.id}`}>
                  {f.name}
                </Link>
              </td>
              <td className="govuk-table__cell">/forums/{f.slug}</td>
              <td className="govuk-table__cell govuk-table__cell--numeric">{f.members}</td>
              <td className="govuk-table__cell">{f.minutesPublic ? "Public" : "Members only"}</td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      {forums.length === 0 ? <p className="govuk-body">There are no forums yet.</p> : null}

      {canCreate ? (
        <div className="govuk-grid-row">
          <div className="govuk-grid-column-two-thirds">
            <h2 className="govuk-heading-m">Create a forum</h2>
            <Form method="post" noValidate>
              <TextInput name="name" label="Name" result={result} />
              <TextInput
                name="slug"
                label="Web address"
                hint="Lowercase letters, numbers and hyphens, like london-north. The forum will be at /forums/london-north."
                spellCheck={false}
                width="20"
                result={result}
              />
              <TextArea name="description" label="Description (optional)" hint="Who the forum is for, in a sentence or two." rows={4} result={result} />
              <Choices
                name="minutesPublic"
                legend="Meeting minutes"
                options={[{ value: "on", label: "Publish this forum's meeting minutes publicly" }]}
                defaultValue={["on"]}
                result={result}
                small
              />
              <Button>Create forum</Button>
            </Form>
          </div>
        </div>
      ) : null}
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
