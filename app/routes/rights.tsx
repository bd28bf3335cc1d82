// Your rights as a victim of crime: the 12 rights of the Code of Practice for Victims of Crime
// in England and Wales, explained in this forum's own plain English (not the Code's wording).
// Public and static; linked from every page's footer.
import type { HeadersFunction, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { VICTIMS_CODE_RIGHTS } from "~/utils/victims-information";

export const meta: MetaFunction = () => [
  { title: "Your rights under the Victims' Code – Victim Voice Forum" },
  {
    name: "description",
    content: "The 12 rights of the Code of Practice for Victims of Crime in England and Wales, explained in plain English.",
  },
];

// The page itself is the same for everyone, but the layout around it shows the signed-in
// member's display name. "Vary: Cookie" keeps a cache from giving one person's copy to another.
export const headers: HeadersFunction = () => ({ "Cache-Control": "public, max-age=300", Vary: "Cookie" });

/** One right: the number is read out by screen readers when moving between headings too. */
function Right({ number, title, children }: { number: number; title: string; children: ReactNode }) {
  return (
    <li>
      <h3 className="govuk-heading-s govuk-!-margin-bottom-2">
        <span className="govuk-visually-hidden">Right {number}: </span>
        {title}
      </h3>
      {children}
    </li>
  );
}

export default function Rights() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Your rights as a victim of crime</h1>
        <p className="govuk-body-l">
          If you are a victim of crime in England or Wales, you have rights. They say what you can expect from the police, the courts
          and other services.
        </p>
        <p className="govuk-body">
          These rights are set out in the Code of Practice for Victims of Crime in England and Wales. Most people call it the
          Victims&apos; Code. The current version has been in force since 1 April 2021. It gives you 12 rights.
        </p>
        <div className="govuk-inset-text">
          This forum is not a way to report a crime. Writing about a crime here does not report it to the police. Read{" "}
          <a className="govuk-link" href="#report-a-crime">
            how to report a crime
          </a>
          .
        </div>

        <h2 className="govuk-heading-m">Who the Code is for</h2>
        <p className="govuk-body">The Code is for you if:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>a crime harmed you physically, mentally or emotionally</li>
          <li>you lost money or property because of a crime</li>
          <li>you are a close relative of someone who died because of a crime</li>
        </ul>
        <p className="govuk-body">
          If the victim is under 18, their parent or guardian can also use these rights. If a victim cannot take part because of a
          disability or serious injury, a family member can act for them. Businesses that are victims of crime have some of these
          rights too.
        </p>
        <p className="govuk-body">
          You have these rights whatever your nationality or immigration status. They cover crimes that happen in England and Wales.
        </p>
        <p className="govuk-body">
          Some people get extra help, called enhanced rights. This includes victims of the most serious crimes, people who are
          targeted again and again, and people who are vulnerable or frightened. For example, they may be told about decisions in
          their case sooner.
        </p>

        <h2 className="govuk-heading-m">If you have not reported the crime</h2>
        <p className="govuk-body">
          It is your choice whether to report a crime. Some rights apply whether you report it or not. For example, you can get help
          from support services even if you never tell the police.
        </p>
        <p className="govuk-body">
          Other rights only start once you report the crime. These include having the crime recorded and being kept up to date about
          the investigation.
        </p>

        <h2 className="govuk-heading-m">Your 12 rights</h2>
        <p className="govuk-body">
          Here are the 12 rights, explained in our own words. The Code itself has more detail.
        </p>
        <ol className="govuk-list govuk-list--number" data-testid="victims-code-rights">
          {VICTIMS_CODE_RIGHTS.map((right, i) => (
            <Right key={right.title} number={i + 1} title={right.title}>
              <p className="govuk-body">
                {right.text}
                {i === VICTIMS_CODE_RIGHTS.length - 1 ? (
                  <>
                    {" "}
                    Read{" "}
                    <a className="govuk-link" href="#complain">
                      how to complain
                    </a>{" "}
                    below.
                  </>
                ) : null}
              </p>
            </Right>
          ))}
        </ol>

        <h2 className="govuk-heading-m" id="complain">
          How to complain
        </h2>
        <ol className="govuk-list govuk-list--number">
          <li>
            First, complain to the organisation that did not meet your rights. This might be the police, the Crown Prosecution
            Service, the courts or the probation service. Each one has its own complaints process.
          </li>
          <li>
            If you are not happy with their final answer, you can take it to the Parliamentary and Health Service Ombudsman. The
            Ombudsman is independent and free to use. You need to ask a Member of Parliament (MP) to pass your complaint on to them.
          </li>
        </ol>
        <p className="govuk-body">
          Victim Support and the London Victim and Witness Service can help you work out what to do. Their phone numbers are on the{" "}
          <Link className="govuk-link" to="/support">
            support services page
          </Link>
          .
        </p>
        <p className="govuk-body">
          On this forum you can talk about how victims are treated and help change it. But the forum cannot look into, or settle, a
          complaint about your own case.
        </p>

        <h2 className="govuk-heading-m" id="report-a-crime">
          How to report a crime
        </h2>
        <p className="govuk-body">This forum is not a way to report a crime. To report one:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            in an emergency, call{" "}
            <a className="govuk-link" href="tel:999">
              999
            </a>
          </li>
          <li>
            if it is not an emergency, call the police on{" "}
            <a className="govuk-link" href="tel:101">
              101
            </a>
          </li>
          <li>
            in London, you can also report online on the{" "}
            <a className="govuk-link" href="https://www.met.police.uk/">
              Metropolitan Police website
            </a>
          </li>
          <li>
            to report without giving your name, call Crimestoppers on{" "}
            <a className="govuk-link" href="tel:0800555111">
              0800 555 111
            </a>
          </li>
        </ul>
        <p className="govuk-body">
          If you are deaf, hard of hearing or cannot speak, you can text 999 once you have registered with emergencySMS. The{" "}
          <Link className="govuk-link" to="/support">
            support services page
          </Link>{" "}
          explains how.
        </p>

        <h2 className="govuk-heading-m">Find out more</h2>
        <p className="govuk-body">
          This page is a short guide, not legal advice. You can read the full{" "}
          <a className="govuk-link" href="https://www.gov.uk/government/publications/the-code-of-practice-for-victims-of-crime">
            Code of Practice for Victims of Crime on GOV.UK
          </a>
          .
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
