import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, Select, SuccessBanner, TextArea, TextInput, type FormResult } from "~/components/forms";
import {
  addForumMember,
  forumFormSchema,
  getForumById,
  listForumMembers,
  listPeopleNotInForum,
  removeForumMember,
  updateForum,
} from "~/models/people/forums.server";
import { refusalOf } from "~/services/http.server";
import { requirePermission } from "~/services/session.server";
import { can, isRole, ROLE_LABELS } from "~/utils/permissions";
import { TableScroll } from "~/components/table-scroll";

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.forum.name ?? "Forum"} – Victim Voice Forum` }];

const memberSchema = z.object({ userId: z.string({ required_error: "Choose a person" }).min(1, "Choose a person") });

const DONE: Record<string, string> = {
  created: "The forum has been created",
  updated: "The forum's details have been saved",
  added: "The person has been added to the forum",
  removed: "The person has been removed from the forum",
};

const roleLabel = (role: string) => (isRole(role) ? ROLE_LABELS[role] : role);

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "forum:manage-membership");
  const forum = await getForumById(params.id ?? "");
  if (!forum) throw new Response("Not found", { status: 404 });
  const [members, candidates] = await Promise.all([listForumMembers(forum.id), listPeopleNotInForum(forum.id)]);
  return {
    forum: { id: forum.id, name: forum.name, slug: forum.slug, description: forum.description, minutesPublic: forum.minutesPublic },
    canEdit: can(viewer.role, "forum:manage"),
    members: members.map((m) => ({ id: m.id, name: m.name, role: roleLabel(m.role), suspended: m.status !== "active" })),
    candidates: candidates.map((c) => ({ value: c.id, label: c.role === "member" ? c.name : `${c.name} (${roleLabel(c.role)})` })),
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const actor = await requirePermission(request, "forum:manage-membership");
  const forum = await getForumById(params.id ?? "");
  if (!forum) throw new Response("Not found", { status: 404 });
  const formData = await readForm(request);
  const intent = String(formData.get("intent") ?? "");
  const back = (done: string) => redirect(`/admin/forums/${forum.id}?done=${done}`);

  if (intent === "update") {
    const admin = await requirePermission(request, "forum:manage");
    const submission = parseWithZod(formData, { schema: forumFormSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    try {
      await updateForum(admin, forum.id, submission.value);
      return back("updated");
    } catch (err) {
      const refusal = refusalOf(err);
      return data({ intent, result: submission.reply(refusal.reply) }, { status: refusal.status });
    }
  }
  if (intent === "add-member" || intent === "remove-member") {
    const submission = parseWithZod(formData, { schema: memberSchema });
    if (submission.status !== "success") return data({ intent, result: submission.reply() }, { status: 400 });
    if (intent === "remove-member") {
      await removeForumMember(actor, forum.id, submission.value.userId);
      return back("removed");
    }
    const candidates = await listPeopleNotInForum(forum.id);
    if (!candidates.some((c) => c.id === submission.value.userId)) {
      return data({ intent, result: submission.reply({ fieldErrors: { userId: ["Choose a person from the list"] } }) }, { status: 400 });
    }
    await addForumMember(actor, forum.id, submission.value.userId);
    return back("added");
  }
  throw new Response("Unknown action", { status: 400 });
}

export default function ForumAdmin() {
  const { forum, canEdit, members, candidates } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  const [params] = useSearchParams();
  const done = DONE[params.get("done") ?? ""];
  const editResult: FormResult = acted?.intent === "update" ? acted.result : undefined;
  const memberResult: FormResult = acted && acted.intent !== "update" ? acted.result : undefined;
  return (
    <>
      {done && !acted ? <SuccessBanner>{done}</SuccessBanner> : null}
      <ErrorSummary result={editResult ?? memberResult} fieldOrder={["", "name", "slug", "description", "minutesPublic", "userId"]} />
      <span className="govuk-caption-l">Forum</span>
      <h1 className="govuk-heading-l">{forum.name}</h1>
      <p className="govuk-body">{forum.description}</p>

      <TableScroll>
      <table className="govuk-table">
        <caption className="govuk-table__caption govuk-table__caption--m">Members ({members.length})</caption>
        <thead className="govuk-table__head">
          <tr className="govuk-table__row">
            <th scope="col" className="govuk-table__header">Display name</th>
            <th scope="col" className="govuk-table__header">Role</th>
            <th scope="col" className="govuk-table__header">
              <span className="govuk-visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody className="govuk-table__body">
          {members.map((m) => (
            <tr className="govuk-table__row" key={m.id}>
              <td className="govuk-table__cell">
                <Link className="govuk-link" to={`/admin/people/${m.id}`}>
                  {m.name}
                </Link>
                {m.suspended ? " (suspended)" : ""}
              </td>
              <td className="govuk-table__cell">{m.role}</td>
              <td className="govuk-table__cell">
                <Form method="post">
                  <input type="hidden" name="intent" value="remove-member" />
                  <input type="hidden" name="userId" value={m.id} />
                  <button type="submit" className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0" data-module="govuk-button">
                    Remove<span className="govuk-visually-hidden"> {m.name} from this forum</span>
                  </button>
                </Form>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      </TableScroll>
      {members.length === 0 ? <p className="govuk-body">Nobody belongs to this forum yet.</p> : null}

      <div className="govuk-grid-row">
        <div className="govuk-grid-column-two-thirds">
          <h2 className="govuk-heading-m">Add a person</h2>
          {candidates.length ? (
            <Form method="post" noValidate key={`add-${members.length}`}>
              <input type="hidden" name="intent" value="add-member" />
              <Select name="userId" label="Person" options={[{ value: "", label: "Choose a person" }, ...candidates]} result={memberResult} />
              <Button secondary>Add to forum</Button>
            </Form>
          ) : (
            <p className="govuk-body">Everyone with an active account already belongs to this forum.</p>
          )}

          {canEdit ? (
            <Form method="post" noValidate>
              <h2 className="govuk-heading-m">Edit the forum</h2>
              <input type="hidden" name="intent" value="update" />
              <TextInput name="name" label="Name" defaultValue={forum.name} result={editResult} />
              <TextInput
                name="slug"
                label="Web address"
                hint="Lowercase letters, numbers and hyphens. Changing it breaks links people have saved."
                defaultValue={forum.slug}
                spellCheck={false}
                width="20"
                result={editResult}
              />
              <TextArea name="description" label="Description (optional)" defaultValue={forum.description} rows={4} result={editResult} />
              <Choices
                name="minutesPublic"
                legend="Meeting minutes"
                options={[{ value: "on", label: "Publish this forum's meeting minutes publicly" }]}
                defaultValue={forum.minutesPublic ? ["on"] : []}
                result={editResult}
                small
              />
              <Button>Save changes</Button>
            </Form>
          ) : null}
          <p className="govuk-body">
            <Link className="govuk-link" to="/admin/forums">
              Back to forums
            </Link>
          </p>
        </div>
      </div>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
