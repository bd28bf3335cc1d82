import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { SuccessBanner } from "~/components/forms";
import { getCurrentUser } from "~/services/session.server";

export const meta: MetaFunction = () => [
  { title: "Victim Voice Forum" },
  { name: "description", content: "Victims of crime shaping how the Metropolitan Police and MOPAC treat victims, in public." },
];

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  return { signedIn: !!user, name: user?.name ?? null };
}

export default function Home() {
  const { signedIn, name } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("signed-out") ? <SuccessBanner>You have signed out</SuccessBanner> : null}
      <h1 className="govuk-heading-xl">Victim Voice Forum</h1>
      <p className="govuk-body-l">
        People who have been victims of crime in London volunteer their experience here, challenge how the Metropolitan Police
        treats victims, shape its reforms and hold it to account.
      </p>
      <p className="govuk-body">
        The forum is run by independent moderators with the Mayor&apos;s Office for Policing and Crime (MOPAC). The Met and MOPAC
        answer what members raise in public.
      </p>
      {signedIn ? (
        <p className="govuk-body">
          Welcome back, {name}. Go to <Link className="govuk-link" to="/forums">your forums</Link>.
        </p>
      ) : (
        <p className="govuk-body">
          Members join by invitation. If you have been invited, follow the link in your email. If you already have an account,{" "}
          <Link className="govuk-link" to="/login">sign in</Link>.
        </p>
      )}
      <h2 className="govuk-heading-m">If you need help now</h2>
      <p className="govuk-body">
        If you are in danger, call 999. For support after a crime, see <Link className="govuk-link" to="/support">support services</Link>. Read{" "}
        <Link className="govuk-link" to="/rights">your rights as a victim of crime</Link>.
      </p>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
