import type { ActionFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { auth } from "~/services/auth.server";
import { readForm } from "~/services/forms.server";
import { ErrorPage } from "~/components/error-page";

export async function action({ request }: ActionFunctionArgs) {
  await readForm(request); // its form has only a button: anything else sent is refused
  const response = await auth().api.signOut({ headers: request.headers, asResponse: true });
  const headers = new Headers();
  for (const cookie of response.headers.getSetCookie()) headers.append("Set-Cookie", cookie);
  return redirect("/?signed-out=1", { headers });
}

export async function loader() {
  return redirect("/");
}

// Never shown (both answers redirect); it makes this a page, so that a refused request (not a
// form, too large) gets the site's own error page rather than bare text.
export default function Logout() {
  return null;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
