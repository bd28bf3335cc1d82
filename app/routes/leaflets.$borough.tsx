// A borough's victim information leaflet, to print on A4 or A5 (the print stylesheet leaves
// only the leaflet) or download as a PDF: the QR code to the borough's standing feedback form,
// the 12 rights of the Victims' Code, the Victim Focus Desk, support services and how the
// Victim Voice Forum works. Public and the same for everyone.
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { standingFeedbackUrl } from "~/models/feedback/links.server";
import { publicPageHeaders } from "~/services/http.server";
import { qrSvg } from "~/services/qr.server";
import { findBorough } from "~/utils/boroughs";
import { HOW_THE_FORUM_WORKS, SUPPORT_SERVICES, telHref, VICTIM_FOCUS_DESK, VICTIMS_CODE_RIGHTS } from "~/utils/victims-information";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `Victim information leaflet: ${data?.borough ?? "London"} – Victim Voice Forum` },
  { name: "description", content: "Tell us how the police treated you, your 12 rights under the Victims' Code, and where to get support." },
];

export const headers: HeadersFunction = publicPageHeaders;

export async function loader({ params }: LoaderFunctionArgs) {
  const borough = findBorough(params.borough);
  if (!borough) throw new Response("Not found", { status: 404 });
  const url = standingFeedbackUrl(borough.slug);
  return { borough: borough.name, slug: borough.slug, url, svg: await qrSvg(url, `QR code of the feedback form for ${borough.name}`) };
}

export default function Leaflet() {
  const { borough, slug, url, svg } = useLoaderData<typeof loader>();
  return (
    <div className="vvf-leaflet">
      <span className="govuk-caption-l">Metropolitan Police and the Victim Voice Forum</span>
      <h1 className="govuk-heading-xl">Victim information: {borough}</h1>
      <div className="vvf-no-print govuk-inset-text">
        <p className="govuk-body">
          Print this page on A4 or A5 paper: only the leaflet is printed. Or download it as a PDF:{" "}
          <a className="govuk-link" href={`/leaflets/${slug}/leaflet.pdf`} download>
            A4 PDF<span className="govuk-visually-hidden"> of the {borough} leaflet</span>
          </a>{" "}
          or{" "}
          <a className="govuk-link" href={`/leaflets/${slug}/leaflet.pdf?size=a5`} download>
            A5 PDF<span className="govuk-visually-hidden"> of the {borough} leaflet</span>
          </a>
          .
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/leaflets">
            Leaflets for other boroughs
          </Link>
        </p>
      </div>

      <h2 className="govuk-heading-m">Tell us how the police treated you</h2>
      <div className="vvf-leaflet__qr">
        {/* Made on the server by the qrcode package from our own address: no user text in it. */}
        <div className="vvf-qr" data-testid="leaflet-qr" dangerouslySetInnerHTML={{ __html: svg }} />
        <div className="vvf-leaflet__qr-text">
          <p className="govuk-body">
            Scan this code with your phone&apos;s camera. It takes about a minute. You do not need an account and we do not ask your
            name. Officers only see totals from 5 or more people, never one person&apos;s answer.
          </p>
          <p className="govuk-body">Or type this address:</p>
          <p className="govuk-body govuk-!-font-weight-bold govuk-!-text-break-word" data-testid="leaflet-url">
            {url}
          </p>
        </div>
      </div>
      <p className="govuk-body govuk-!-font-weight-bold">
        If you are in danger now, call <a className="govuk-link" href="tel:999">999</a>. If it is not an emergency, call{" "}
        <a className="govuk-link" href="tel:101">101</a>.
      </p>

      <h2 className="govuk-heading-m">Your 12 rights under the Victims&apos; Code</h2>
      <p className="govuk-body">
        If you are a victim of crime in England or Wales, the Code of Practice for Victims of Crime gives you these rights, whether or
        not you report the crime (some start when you do).
      </p>
      <ol className="govuk-list govuk-list--number vvf-leaflet__rights" data-testid="leaflet-rights">
        {VICTIMS_CODE_RIGHTS.map((right) => (
          <li key={right.title}>
            <strong>{right.title}.</strong> {right.text}
          </li>
        ))}
      </ol>

      <h2 className="govuk-heading-m">{VICTIM_FOCUS_DESK.name}</h2>
      <p className="govuk-body">
        <strong>{VICTIM_FOCUS_DESK.hours}.</strong> {VICTIM_FOCUS_DESK.text}
      </p>

      <h2 className="govuk-heading-m">Support services</h2>
      <p className="govuk-body">These services are free and confidential. You can contact them even if you have not told the police.</p>
      <ul className="govuk-list vvf-leaflet__services">
        {SUPPORT_SERVICES.map((service) => (
          <li key={service.name}>
            <strong>{service.name}</strong>:{" "}
            <a className="govuk-link" href={telHref(service.phone)}>
              {service.phone}
            </a>
            . {service.text}
          </li>
        ))}
      </ul>

      <h2 className="govuk-heading-m">How the Victim Voice Forum works</h2>
      {HOW_THE_FORUM_WORKS.map((text) => (
        <p className="govuk-body" key={text}>
          {text}
        </p>
      ))}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
