// The home page: what the forum is and who runs it, the latest official responses, what still
// awaits an answer (with its public clock), consultation results, headline accountability
// figures, and — for a signed-in member — what awaits them. Signed out it is built from public
// records only, so a shared cache may keep it (entry.server.tsx makes any signed-in response
// private).
import type { HeadersFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorPage } from "~/components/error-page";
import { SuccessBanner } from "~/components/forms";
import { MemberToDo } from "~/components/member-todo";
import { ResponseSummary } from "~/components/response-summary";
import { accountabilityFigures, listPublicResponses, loadAccountability, measureHref } from "~/models/accountability/dashboard.server";
import { formatMeetingTime } from "~/utils/london-clock";
import { listNextMeetingsFor, listOpenConsultationsFor, listRecentResults, memberToDo } from "~/models/accountability/home.server";
import { percentText, presentItem, presentResponse } from "~/models/accountability/present.server";
import { listPublicThreads } from "~/models/threads/threads.server";
import { publicPageHeaders } from "~/services/http.server";
import { getCurrentUser } from "~/services/session.server";
import { formatLondonDate, formatLondonDateTime } from "~/utils/london-time";
import { can } from "~/utils/permissions";
import { clockFor, clockText } from "~/utils/clocks";
import { plural, pluralWord } from "~/utils/plural";

export const meta: MetaFunction = () => [
  { title: "Victim Voice Forum" },
  { name: "description", content: "Victims of crime shaping how the Metropolitan Police and MOPAC treat victims, and holding them to account in public." },
  { tagName: "link", rel: "alternate", type: "application/atom+xml", title: "Official responses (Atom feed)", href: "/feeds/responses.atom" },
];

export const headers: HeadersFunction = publicPageHeaders;

const RSVP_TEXT: Record<string, string> = { going: "You are going", maybe: "You might go", "not-going": "You are not going" };

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await getCurrentUser(request);
  const now = new Date();
  const [latest, data, results, publicThreads] = await Promise.all([
    listPublicResponses({}, 5),
    loadAccountability(),
    listRecentResults(3),
    listPublicThreads({ limit: 5 }),
  ]);
  const all = accountabilityFigures(data, now).find(null, null);
  const awaiting = data.items.filter((i) => !i.answeredAt).slice(0, 5);

  const signedIn = user
    ? await (async () => {
        const [consultations, meetings, toDo] = await Promise.all([
          listOpenConsultationsFor(user),
          listNextMeetingsFor(user, now),
          user.role === "member" ? memberToDo(user, now) : Promise.resolve(null),
        ]);
        return {
          name: user.name,
          isMember: user.role === "member",
          canModerate: can(user.role, "moderation:review"),
          canRespond: can(user.role, "official-response:publish"),
          openConsultations: consultations.map((c) => ({ id: c.id, title: c.title, closes: formatLondonDateTime(c.closesAt), answered: c.answered, canAnswer: c.canAnswer })),
          nextMeetings: meetings.map((m) => ({
            id: m.id,
            title: m.title,
            forumName: m.forumName,
            when: formatMeetingTime(m.startsAt, m.endsAt),
            where: [m.place, m.online ? "Online" : null].filter(Boolean).join(" and "),
            rsvp: m.ownRsvp ? (RSVP_TEXT[m.ownRsvp] ?? null) : null,
          })),
          toDo: toDo
            ? {
                consultations: toDo.consultationsToAnswer.map((c) => ({ id: c.id, title: c.title, closes: formatLondonDateTime(c.closesAt) })),
                minutes: toDo.minutesToReview.map((m) => ({ id: m.id, title: m.title, meetingDate: formatLondonDate(m.startsAt), reviewCloses: formatLondonDateTime(m.reviewClosesAt) })),
                posts: toDo.postsAwaiting.map((p) => ({ id: p.id, threadId: p.threadId, threadTitle: p.threadTitle, isOpening: p.isOpening, status: p.status, submitted: formatLondonDate(p.submittedAt) })),
              }
            : null,
        };
      })()
    : null;

  return {
    now: now.toISOString(),
    signedIn,
    latest: latest.responses.map((r) => presentResponse(r, data.items, { excerpt: 220 })),
    awaiting: awaiting.map((i) => presentItem(i, now)),
    // Public threads only (published, visibility public): the same for everyone, so cacheable.
    threads: publicThreads.threads.map((t) => ({
      id: t.id,
      title: t.title,
      forumName: t.forumName,
      forumSlug: t.forumSlug,
      replyCount: t.replyCount,
      lastActivity: formatLondonDate(t.lastActivityAt),
      hasOfficialResponse: t.hasOfficialResponse,
    })),
    results: results.map((c) => ({
      id: c.id,
      title: c.title,
      summary: c.summary,
      published: formatLondonDate(c.resultsPublishedAt ?? c.closedAt),
      responded: c.respondedAt ? formatLondonDate(c.respondedAt) : null,
    })),
    headline: {
      onTime: { share: percentText(all.responses!.shareOnTime), onTime: all.responses!.onTime, settled: all.responses!.settled, href: measureHref("settled") },
      actionsDone: { done: all.actions.done, total: all.actions.actions, href: measureHref("done") },
      actionsOverdue: { overdue: all.actions.overdue, href: measureHref("action-overdue") },
    },
  };
}

export default function Home() {
  const { signedIn, latest, awaiting, results, headline, now, threads } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <>
      {params.get("signed-out") ? <SuccessBanner>You have signed out</SuccessBanner> : null}
      {params.get("account-deleted") ? (
        <SuccessBanner>Your account has been deleted. Your email address, display name and password are no longer held by the forum.</SuccessBanner>
      ) : null}
      <h1 className="govuk-heading-xl">Victim Voice Forum</h1>
      <p className="govuk-body-l">
        People who have been victims of crime in London volunteer their experience here, challenge how the Metropolitan Police treats
        victims, shape its reforms and hold it to account.
      </p>
      <p className="govuk-body">
        The forum is run by independent moderators with the Mayor&apos;s Office for Policing and Crime (MOPAC). Members talk in moderated
        discussions, answer consultations on proposed reforms and meet in minuted meetings. The Metropolitan Police and MOPAC answer what
        members raise <strong>in public</strong>, and anyone can see here whether they answered on time and did what they said.
      </p>
      {signedIn ? (
        <p className="govuk-body">
          Welcome back, {signedIn.name}. Go to <Link className="govuk-link" to="/forums">your forums</Link>
          {signedIn.canModerate ? (
            <>
              , the <Link className="govuk-link" to="/moderation">review queue</Link>
            </>
          ) : null}
          {signedIn.canRespond ? (
            <>
              , or <Link className="govuk-link" to="/respond">what awaits your organisation&apos;s response</Link>
            </>
          ) : null}
          .
        </p>
      ) : (
        <p className="govuk-body">
          Members join by invitation. If you have been invited, follow the link in your email. If you already have an account,{" "}
          <Link className="govuk-link" to="/login">sign in</Link>.
        </p>
      )}

      {signedIn?.toDo ? <MemberToDo toDo={signedIn.toDo} /> : null}

      <section aria-labelledby="figures-heading">
        <h2 className="govuk-heading-m" id="figures-heading">
          Are the Met and MOPAC keeping their promises?
        </h2>
        <ul className="vvf-figures" data-testid="headline-figures">
          <li className="vvf-figure">
            <Link className="govuk-link vvf-figure__link" to={headline.onTime.href}>
              <span className="vvf-figure__number">{headline.onTime.share ?? "–"}</span>
              <span className="vvf-figure__label">
                of responses on time ({headline.onTime.onTime} of {headline.onTime.settled} answered by their due date)
              </span>
            </Link>
          </li>
          <li className="vvf-figure">
            <Link className="govuk-link vvf-figure__link" to={headline.actionsDone.href}>
              <span className="vvf-figure__number">{headline.actionsDone.done}</span>
              <span className="vvf-figure__label">
                {pluralWord(headline.actionsDone.done, "action")} done, of {headline.actionsDone.total} promised
              </span>
            </Link>
          </li>
          <li className="vvf-figure">
            <Link className="govuk-link vvf-figure__link" to={headline.actionsOverdue.href}>
              <span className="vvf-figure__number">{headline.actionsOverdue.overdue}</span>
              <span className="vvf-figure__label">{pluralWord(headline.actionsOverdue.overdue, "action")} overdue</span>
            </Link>
          </li>
        </ul>
        <p className="govuk-body">
          <Link className="govuk-link" to="/accountability">
            See every figure, per organisation and per quarter
          </Link>
        </p>
      </section>

      <section aria-labelledby="latest-heading">
        <h2 className="govuk-heading-m" id="latest-heading">
          Latest official responses
        </h2>
        {latest.length === 0 ? <p className="govuk-body">No official responses have been published yet.</p> : null}
        {latest.map((r) => (
          <ResponseSummary key={r.id} response={r} />
        ))}
        <p className="govuk-body">
          <Link className="govuk-link" to="/responses">
            All official responses
          </Link>{" "}
          ·{" "}
          <a className="govuk-link" href="/feeds/responses.atom">
            Follow them in a feed reader (Atom)
          </a>
        </p>
      </section>

      <section aria-labelledby="threads-heading" data-testid="public-threads">
        <h2 className="govuk-heading-m" id="threads-heading">
          Recent public discussions
        </h2>
        {threads.length ? (
          <ul className="govuk-list">
            {threads.map((t) => (
              <li key={t.id} className="govuk-!-margin-bottom-3">
                <Link className="govuk-link govuk-!-font-weight-bold" to={`/threads/${t.id}`}>
                  {t.title}
                </Link>
                <br />
                <span className="govuk-body-s">
                  In <Link className="govuk-link" to={`/forums/${t.forumSlug}`}>{t.forumName}</Link> · {plural(t.replyCount, "reply", "replies")} · last
                  activity {t.lastActivity}
                  {t.hasOfficialResponse ? " · official response" : ""}
                </span>
              </li>
            ))}
          </ul>
        ) : (
          <p className="govuk-body">There are no public discussions yet.</p>
        )}
      </section>

      <section aria-labelledby="awaiting-heading">
        <h2 className="govuk-heading-m" id="awaiting-heading">
          Waiting for an answer
        </h2>
        {awaiting.length === 0 ? <p className="govuk-body">Nothing is waiting for an official response.</p> : null}
        <ul className="govuk-list">
          {awaiting.map((i) => {
            const clock = clockFor(i.kind, i.dueIso, now);
            return (
              <li key={i.key} className="vvf-awaiting" data-testid="awaiting-item">
                <p className="govuk-body govuk-!-margin-bottom-1">
                  {i.href ? (
                    <Link className="govuk-link" to={i.href}>
                      {i.label}
                    </Link>
                  ) : (
                    i.label
                  )}
                </p>
                {i.summary ? <p className="govuk-body-s govuk-!-margin-bottom-1">Moderators&apos; summary: {i.summary}</p> : null}
                <p className="govuk-body-s vvf-response-clock">
                  <strong className={`govuk-tag ${clock.overdue ? "govuk-tag--red" : "govuk-tag--yellow"}`}>{clockText(clock)}</strong> Awaiting a response
                  from {i.organisationName}. Due {clock.dueDate}.
                </p>
              </li>
            );
          })}
        </ul>
        <p className="govuk-body">
          <Link className="govuk-link" to={measureHrefAwaiting}>
            Everything awaiting a response
          </Link>
        </p>
      </section>

      <section aria-labelledby="consultations-heading">
        <h2 className="govuk-heading-m" id="consultations-heading">
          Consultations
        </h2>
        {signedIn ? (
          <>
            <h3 className="govuk-heading-s">Open now</h3>
            {signedIn.openConsultations.length === 0 ? <p className="govuk-body">No consultations are open in your forums.</p> : null}
            <ul className="govuk-list govuk-list--bullet">
              {signedIn.openConsultations.map((c) => (
                <li key={c.id}>
                  <Link className="govuk-link" to={`/consultations/${c.id}`}>
                    {c.title}
                  </Link>{" "}
                  – closes {c.closes}
                  {c.canAnswer ? (c.answered ? ". You have answered" : ". You have not answered yet") : null}
                </li>
              ))}
            </ul>
          </>
        ) : (
          <p className="govuk-body">Members are consulted on the reforms the Met and MOPAC propose. The results are published here once each consultation closes.</p>
        )}
        <h3 className="govuk-heading-s">Recently published results</h3>
        {results.length === 0 ? <p className="govuk-body">No results have been published yet.</p> : null}
        <ul className="govuk-list">
          {results.map((c) => (
            <li key={c.id} className="govuk-!-margin-bottom-3">
              <Link className="govuk-link" to={`/consultations/${c.id}`}>
                {c.title}
              </Link>
              <br />
              <span className="govuk-body-s">
                Results published {c.published}. {c.responded ? `“You said, we did” published ${c.responded}.` : "“You said, we did” not yet published."}
              </span>
            </li>
          ))}
        </ul>
      </section>

      {signedIn ? (
        <section aria-labelledby="meetings-heading">
          <h2 className="govuk-heading-m" id="meetings-heading">
            Next meetings
          </h2>
          {signedIn.nextMeetings.length === 0 ? <p className="govuk-body">No meetings are scheduled in your forums.</p> : null}
          <ul className="govuk-list">
            {signedIn.nextMeetings.map((m) => (
              <li key={m.id} className="govuk-!-margin-bottom-3">
                <Link className="govuk-link" to={`/meetings/${m.id}`}>
                  {m.title}
                </Link>
                <br />
                <span className="govuk-body-s">
                  {m.forumName}. {m.when}
                  {m.where ? `. ${m.where}` : ""}.{m.rsvp ? ` ${m.rsvp}.` : ""}
                </span>
              </li>
            ))}
          </ul>
          <p className="govuk-body">
            <Link className="govuk-link" to="/meetings">
              All meetings
            </Link>
          </p>
        </section>
      ) : null}

      <h2 className="govuk-heading-m">If you need help now</h2>
      <p className="govuk-body">
        If you are in danger, call 999. For support after a crime, see <Link className="govuk-link" to="/support">support services</Link>. Read{" "}
        <Link className="govuk-link" to="/rights">your rights as a victim of crime</Link>.
      </p>
    </>
  );
}

const measureHrefAwaiting = "/accountability/items?measure=awaiting";

export function ErrorBoundary() {
  return <ErrorPage />;
}
