// The consultation page's panels: what a member of the consulted forums can do, and what
// staff see (the live count) and can do at each stage.
import { Form, Link } from "@remix-run/react";
import { LiveResponseCount } from "./consultation-parts";
import { Button, TextArea } from "./forms";

export type MemberView = { answered: boolean; canAnswer: boolean; refusal: string | null };

/** What a member of the consulted forums can do: answer, change their answers, or why not. */
export function MemberPanel({ id, member, status }: { id: string; member: MemberView; status: string }) {
  if (member.canAnswer) {
    return (
      <div className="govuk-inset-text" data-testid="member-panel">
        <p className="govuk-body">{member.answered ? "You have answered. You can change your answers until it closes." : "You have not answered yet. It takes a few minutes; your answers are anonymous."}</p>
        <Link className="govuk-button govuk-!-margin-bottom-0" to={`/consultations/${id}/answer`}>
          {member.answered ? "Change your answers" : "Answer this consultation"}
        </Link>
      </div>
    );
  }
  if (status === "draft") return null;
  return (
    <p className="govuk-inset-text" data-testid="member-panel">
      {member.refusal} {member.answered ? "You answered it: thank you." : null}
    </p>
  );
}

export type StaffView = {
  responses: number;
  canEdit: boolean;
  canSchedule: boolean;
  scheduled: boolean;
  canCloseEarly: boolean;
  canPublish: boolean;
  canRespond: boolean;
  pendingWritten: number;
};

/** Staff: the live count, and the moves their role allows at this stage. */
export function StaffPanel({ id, status, staff, acted }: { id: string; status: string; staff: StaffView; acted: unknown }) {
  return (
    <section aria-labelledby="manage-heading" className="govuk-!-margin-bottom-8" data-testid="staff-panel">
      <h2 className="govuk-heading-m" id="manage-heading">
        For staff
      </h2>
      {status !== "draft" ? <LiveResponseCount consultationId={id} initial={staff.responses} live={status === "open"} /> : null}
      {staff.canEdit ? (
        <p className="govuk-body">
          <Link className="govuk-link" to={`/consultations/${id}/edit`}>
            {status === "draft" ? "Edit the draft" : "Fix a typo in help text"}
          </Link>
        </p>
      ) : null}
      {staff.canSchedule ? (
        <p className="govuk-body">
          {staff.scheduled ? "It is scheduled: it opens by itself at its opening time. To change it, take it off the schedule on the draft's page." : "When its questions are ready, schedule it on the draft's page."}
        </p>
      ) : null}
      {staff.canCloseEarly ? (
        <details className="govuk-details" open={!!acted}>
          <summary className="govuk-details__summary">
            <span className="govuk-details__summary-text">Close it early</span>
          </summary>
          <div className="govuk-details__text">
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="close-early" />
              <TextArea name="reason" label="Why are you closing it early?" hint="Recorded in the audit log and shown with the consultation." result={acted as never} rows={3} />
              <Button warning>Close the consultation now</Button>
            </Form>
          </div>
        </details>
      ) : null}
      {staff.canPublish ? (
        <Form method="post">
          {staff.pendingWritten ? (
            <p className="govuk-inset-text">
              {staff.pendingWritten} written {staff.pendingWritten === 1 ? "answer is" : "answers are"} still waiting in the <Link className="govuk-link" to="/moderation?kind=consultation-answer">review queue</Link>. They
              will appear in the results only once approved.
            </p>
          ) : null}
          <input type="hidden" name="intent" value="publish-results" />
          <Button>Publish the results</Button>
        </Form>
      ) : null}
      {staff.canRespond ? (
        <p className="govuk-body">
          <Link className="govuk-button" to={`/consultations/${id}/respond`}>
            Publish ‘You said, we did’
          </Link>
        </p>
      ) : null}
    </section>
  );
}

