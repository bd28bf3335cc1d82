// Victim information leaflets: one per borough, grouped by the Met's BCUs.
import type { HeadersFunction, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { publicPageHeaders } from "~/services/http.server";
import { boroughsByBcu } from "~/utils/boroughs";

export const meta: MetaFunction = () => [{ title: "Victim information leaflets – Victim Voice Forum" }];

export const headers: HeadersFunction = publicPageHeaders;

export default function Leaflets() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Victim information leaflets</h1>
        <p className="govuk-body">
          Each borough has a leaflet for officers to give to victims of crime. It has a QR code to tell us how the police treated them,
          their 12 rights under the Victims&apos; Code and where to get support. Print it on A4 or A5, or download it as a PDF.
        </p>
        {boroughsByBcu().map((group) => (
          <div key={group.bcu}>
            <h2 className="govuk-heading-s">{group.label}</h2>
            <ul className="govuk-list">
              {group.boroughs.map((b) => (
                <li key={b.slug}>
                  <Link className="govuk-link" to={`/leaflets/${b.slug}`}>
                    {b.name}
                  </Link>
                </li>
              ))}
            </ul>
          </div>
        ))}
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
