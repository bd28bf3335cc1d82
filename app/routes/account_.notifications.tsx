// Which notifications a person gets, in the site and by email: each kind can be switched off.
// Kinds that only concern staff (the review queue) are shown to moderators and admins only.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, SuccessBanner } from "~/components/forms";
import { getPreferences, NOTIFICATION_KINDS, notificationKindsFor, savePreferences, type NotificationKind } from "~/models/notifications/notifications.server";
import { requireUser, type CurrentUser } from "~/services/session.server";

export const meta: MetaFunction = () => [{ title: "Your notification choices – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

const CHANNELS = [
  { value: "site", label: "On this site" },
  { value: "email", label: "By email" },
];

const KINDS = Object.keys(NOTIFICATION_KINDS) as NotificationKind[];

/**
 * One checkbox group per kind, named after the kind, with the values "site" and "email". Any
 * other value is accepted and ignored: refusing it would fail the whole form and switch every
 * kind off.
 */
const schema = z.object(Object.fromEntries(KINDS.map((k) => [k, z.array(z.string()).default([])])) as Record<NotificationKind, z.ZodDefault<z.ZodArray<z.ZodString>>>);

function kindsFor(user: CurrentUser): NotificationKind[] {
  return notificationKindsFor(user.role);
}

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const visible = new Set(kindsFor(user));
  const preferences = await getPreferences(user.id);
  return { preferences: preferences.filter((p) => visible.has(p.kind)) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const submission = parseWithZod(await readForm(request), { schema });
  // Every field is an optional list of known values; what the form cannot send (an unknown
  // value, a hidden control character) changes nothing.
  if (submission.status !== "success") throw new Response("Those choices could not be read, so nothing was changed. Please go back and try again.", { status: 400 });
  const chosen = submission.value;
  await savePreferences(
    user.id,
    kindsFor(user).map((kind) => ({ kind, inSite: chosen[kind]?.includes("site") ?? false, email: chosen[kind]?.includes("email") ?? false })),
  );
  return redirect("/account/notifications?saved=1");
}

export default function NotificationChoices() {
  const { preferences } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {params.get("saved") === "1" ? <SuccessBanner>Your notification choices have been saved.</SuccessBanner> : null}
        <h1 className="govuk-heading-l">Your notification choices</h1>
        <p className="govuk-body">
          Choose how we tell you about things. Emails only say what happened and link here: they never quote what anyone wrote.
        </p>
        <Form method="post">
          {preferences.map((p) => (
            <Choices
              key={p.kind}
              name={p.kind}
              legend={p.label}
              options={CHANNELS}
              defaultValue={[...(p.inSite ? ["site"] : []), ...(p.email ? ["email"] : [])]}
              small
            />
          ))}
          <Button>Save choices</Button>
        </Form>
        <p className="govuk-body">
          <Link className="govuk-link" to="/notifications">
            Back to your notifications
          </Link>
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
