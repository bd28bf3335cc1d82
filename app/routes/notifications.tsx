// The signed-in person's notifications, newest first, with the unread ones marked.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { Button, SuccessBanner } from "~/components/forms";
import { listNotifications, markAllRead } from "~/models/notifications/notifications.server";
import { requireUser, safeRedirect } from "~/services/session.server";
import { formatLondonDateTime } from "~/utils/london-time";
import { readForm } from "~/services/forms.server";

export const meta: MetaFunction = () => [{ title: "Notifications – Victim Voice Forum" }, { name: "robots", content: "noindex" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const rows = await listNotifications(user.id);
  return {
    notifications: rows.map((n) => ({
      id: n.id,
      message: n.message,
      // Notification links are written by the server, but only paths on this site are followed.
      url: safeRedirect(n.url, "/notifications"),
      unread: !n.readAt,
      at: formatLondonDateTime(n.createdAt),
    })),
  };
}

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request); // its form has only a button: anything else sent is refused
  const user = await requireUser(request);
  await markAllRead(user.id);
  return redirect("/notifications?read=1");
}

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  const unread = notifications.filter((n) => n.unread).length;
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        {params.get("read") === "1" ? <SuccessBanner>All your notifications are marked as read.</SuccessBanner> : null}
        <h1 className="govuk-heading-l">Notifications</h1>
        <p className="govuk-body">
          {unread === 0 ? "You have no unread notifications." : unread === 1 ? "You have 1 unread notification." : `You have ${unread} unread notifications.`}{" "}
          <Link className="govuk-link" to="/account/notifications">
            Choose which notifications you get
          </Link>
        </p>
        {unread > 0 ? (
          <Form method="post">
            <Button secondary>Mark all as read</Button>
          </Form>
        ) : null}
        {notifications.length === 0 ? (
          <p className="govuk-body">Nothing here yet. We will tell you here when a moderator decides on your post, or someone replies to you.</p>
        ) : (
          <ul className="govuk-list vvf-notification-list">
            {notifications.map((n) => (
              <li key={n.id} className={`vvf-notification${n.unread ? " vvf-notification--unread" : ""}`}>
                <p className="govuk-body govuk-!-margin-bottom-1">
                  {n.unread ? (
                    <>
                      <strong className="govuk-tag govuk-tag--blue">Unread</strong>{" "}
                    </>
                  ) : null}
                  <Link className={`govuk-link${n.unread ? " govuk-!-font-weight-bold" : ""}`} to={n.url}>
                    {n.message}
                  </Link>
                </p>
                <p className="govuk-body-s vvf-post-meta govuk-!-margin-bottom-0">{n.at}</p>
              </li>
            ))}
          </ul>
        )}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
