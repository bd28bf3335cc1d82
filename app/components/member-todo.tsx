// "What awaits you" on the home page: a signed-in member's own to-do list (open consultations
// they have not answered, draft minutes they may comment on, their posts still with the
// moderators). Presentational: the loader sends dates already formatted in London time.
import { Link } from "@remix-run/react";

export type MemberToDoData = {
  consultations: { id: string; title: string; closes: string }[];
  minutes: { id: string; title: string; meetingDate: string; reviewCloses: string }[];
  posts: { id: string; threadId: string; threadTitle: string; isOpening: boolean; status: string; submitted: string }[];
};

export function MemberToDo({ toDo }: { toDo: MemberToDoData }) {
  const total = toDo.consultations.length + toDo.minutes.length + toDo.posts.length;
  return (
    <section aria-labelledby="todo-heading" className="vvf-todo" data-testid="todo">
      <h2 className="govuk-heading-m" id="todo-heading">
        What awaits you
      </h2>
      {total === 0 ? <p className="govuk-body">Nothing at the moment: no consultations to answer, no minutes to review and no posts waiting.</p> : null}
      {toDo.consultations.length ? (
        <>
          <h3 className="govuk-heading-s">Consultations you have not answered</h3>
          <ul className="govuk-list govuk-list--bullet">
            {toDo.consultations.map((c) => (
              <li key={c.id}>
                <Link className="govuk-link" to={`/consultations/${c.id}`}>
                  {c.title}
                </Link>{" "}
                – closes {c.closes}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {toDo.minutes.length ? (
        <>
          <h3 className="govuk-heading-s">Draft minutes to review</h3>
          <ul className="govuk-list govuk-list--bullet">
            {toDo.minutes.map((m) => (
              <li key={m.id}>
                <Link className="govuk-link" to={`/meetings/${m.id}/review`}>
                  {m.title}, {m.meetingDate}
                </Link>{" "}
                – comments close {m.reviewCloses}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      {toDo.posts.length ? (
        <>
          <h3 className="govuk-heading-s">Your posts waiting</h3>
          <ul className="govuk-list govuk-list--bullet">
            {toDo.posts.map((p) => (
              <li key={p.id}>
                <Link className="govuk-link" to={`/threads/${p.threadId}`}>
                  {p.isOpening ? "Your thread" : "Your reply in"} “{p.threadTitle}”
                </Link>{" "}
                – {p.status === "rejected" ? "sent back to you to change" : `awaiting moderation since ${p.submitted}`}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </section>
  );
}
