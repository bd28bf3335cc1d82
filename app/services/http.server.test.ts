// The one table of what a domain error means over HTTP: the status a person's browser gets, and
// whether the message is shown on the form they sent (under which field) or as the error page.
import { describe, expect, it } from "vitest";
import { ActionConflictError, ActionForbiddenError, ActionNotFoundError } from "~/models/actions/action-items.server";
import { AnswerRefusedError, AnswerValidationError } from "~/models/consultations/answers.server";
import { ConsultationEditError, ConsultationNotFoundError } from "~/models/consultations/consultations.server";
import { ConsultationMoveError } from "~/models/consultations/lifecycle.server";
import { FeedbackError } from "~/models/feedback/links.server";
import { ResultsHiddenError } from "~/models/consultations/results.server";
import { MeetingConflictError, MeetingForbiddenError, MeetingNotFoundError, MeetingRuleError } from "~/models/meetings/meetings.server";
import { AccountDeletionError } from "~/models/people/account-deletion.server";
import { SlugTakenError } from "~/models/people/forums.server";
import { InvitationClaimError, InvitationError } from "~/models/people/invitations.server";
import { NameTakenError, PeopleError } from "~/models/people/people.server";
import { DecisionConflictError, PostNotFoundError } from "~/models/threads/post-lifecycle.server";
import { ResponseError } from "~/models/threads/official-responses.server";
import { ResponseConflictError, ResponseTargetNotFoundError } from "~/models/responses/official-responses.server";
import { ReportDecisionError, ReportError } from "~/models/threads/reports.server";
import { PostingError } from "~/models/threads/threads.server";
import { pageErrorOf, publicPageHeaders, refusalOf } from "./http.server";

const conflict = { status: "approved", decidedBy: "Moderator Sam", decidedAt: new Date() };

/** What the page shows instead of the form: its status and text. */
async function thrownPage(fn: () => unknown) {
  try {
    fn();
  } catch (thrown) {
    if (thrown instanceof Response) return { status: thrown.status, text: await thrown.text() };
    throw thrown;
  }
  throw new Error("nothing was thrown");
}

describe("a domain error refused on the form that was sent", () => {
  it.each([
    ["a post that cannot be started", new PostingError("You can only start threads in your own forums", "forumId"), 400, "forumId"],
    ["a reply that cannot be posted", new PostingError("That thread is not open for replies"), 400, ""],
    ["a report refused", new ReportError("You cannot report your own post. You can withdraw it instead"), 400, ""],
    ["a moderator's decision made first by someone else", new DecisionConflictError("This post has already been approved by Moderator Sam. Nothing was changed.", conflict), 409, ""],
    ["reports already dealt with", new ReportDecisionError("These reports have already been dealt with by another moderator. Nothing was changed."), 409, ""],
    ["a post that is not there to withdraw", new PostNotFoundError("That post does not exist, or it is not yours to withdraw"), 404, ""],
    ["an official response by someone who may not", new ResponseError("You can only edit your own responses"), 403, ""],
    ["a second response by one organisation to one meeting", new ResponseConflictError("MOPAC has already responded to this meeting."), 409, ""],
    ["a draft that can no longer change", new ConsultationEditError("This consultation is scheduled to open. Take it off the schedule before you change it."), 409, ""],
    ["a consultation move refused", new ConsultationMoveError("This consultation has already opened."), 409, ""],
    ["answers after closing", new AnswerRefusedError("closed", "This consultation closed on 1 December 2026."), 409, ""],
    ["a meeting rule on a field", new MeetingRuleError("The meeting must end after it starts", "endTime"), 400, "endTime"],
    ["a meeting rule on the whole form", new MeetingRuleError("Record the attendance first"), 400, ""],
    ["a meeting changed meanwhile", new MeetingConflictError("Someone else changed this meeting"), 409, ""],
    ["an action changed meanwhile", new ActionConflictError("That action is already done"), 409, ""],
    ["an invitation for a role the sender may not invite", new InvitationError("Moderators can invite members only", "role"), 400, "role"],
    ["a display name taken while joining", new InvitationClaimError("That display name is already taken. Please choose another", "displayName"), 409, "displayName"],
    ["an invitation used, withdrawn or expired while joining", new InvitationClaimError("This invitation can no longer be used"), 410, ""],
    ["a feedback link for a contact in the future", new FeedbackError("The date of the contact must be today or in the past", "contactDate"), 400, "contactDate"],
    ["a role change refused", new PeopleError("You cannot change your own role"), 400, ""],
    ["a display name that passes for staff", new PeopleError("A member's name must not look like a moderator's", "name"), 400, "name"],
    ["a display name someone else has", new NameTakenError(), 409, "name"],
    ["an officer invited without a borough", new InvitationError("Choose the borough the officer works in", "borough"), 400, "borough"],
    ["an officer's number taken while joining", new InvitationClaimError("Another officer already has this shoulder number. Please ask for a new invitation"), 410, ""],
    ["an account deleted already, in another tab", new AccountDeletionError("This account has already been deleted."), 409, ""],
    ["a forum address taken", new SlugTakenError("That web address is already used by another forum"), 400, "slug"],
  ])("%s: %i, under %j", (_, err, status, field) => {
    const refusal = refusalOf(err);
    expect(refusal.status).toBe(status);
    expect(refusal.message).toBe(err.message);
    expect(refusal.error).toEqual({ [field as string]: [err.message] });
    expect(refusal.reply).toEqual(field ? { fieldErrors: { [field as string]: [err.message] } } : { formErrors: [err.message] });
  });

  it("answers that are not valid keep each message under its own question", () => {
    const fieldErrors = { "q-1": ["Question 1: choose an answer"], "q-3": ["Question 3: choose a number from 1 to 5"] };
    const refusal = refusalOf(new AnswerValidationError(fieldErrors));
    expect(refusal).toMatchObject({ status: 400, error: fieldErrors, reply: { fieldErrors } });
  });
});

describe("a domain error that is the page's own", () => {
  it.each([
    ["a meeting that does not exist", new MeetingNotFoundError("That meeting does not exist"), 404, "Not found"],
    ["a meeting task for moderators only", new MeetingForbiddenError("Only moderators can do that."), 403, "Only moderators can do that."],
    ["an action that does not exist", new ActionNotFoundError("That action does not exist"), 404, "Not found"],
    ["a response to a meeting that does not exist", new ResponseTargetNotFoundError("That meeting does not exist"), 404, "Not found"],
    ["an action owned by another organisation", new ActionForbiddenError("Only the organisation that owns an action can update it."), 403, "Only the organisation that owns an action can update it."],
    ["a consultation that does not exist", new ConsultationNotFoundError("Not found"), 404, "Not found"],
    ["results not shown yet", new ResultsHiddenError("The results of this consultation are not published yet."), 403, "The results of this consultation are not published yet."],
  ])("%s: the error page, %i", async (_, err, status, text) => {
    expect(await thrownPage(() => refusalOf(err))).toEqual({ status, text });
    expect(await thrownPage(() => pageErrorOf(err))).toEqual({ status, text });
  });

  it("in a loader, a refusal meant for a form becomes the error page with its status and message", async () => {
    expect(await thrownPage(() => pageErrorOf(new ConsultationMoveError("That consultation does not exist")))).toEqual({ status: 409, text: "That consultation does not exist" });
  });
});

describe("anything that is not a domain error", () => {
  it("is rethrown as it is, so it stays a server error", () => {
    const bug = new TypeError("x is undefined");
    expect(() => refusalOf(bug)).toThrow(bug);
    expect(() => pageErrorOf(bug)).toThrow(bug);
    const redirect = new Response(null, { status: 302, headers: { location: "/login" } });
    let thrown: unknown;
    try {
      refusalOf(redirect);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(redirect);
  });
});

describe("cache headers of public pages", () => {
  it("a public page may be kept by shared caches; its error page is not", () => {
    expect(publicPageHeaders({})).toEqual({ "Cache-Control": "public, max-age=60, stale-while-revalidate=300" });
    expect(publicPageHeaders({ errorHeaders: new Headers() })).toEqual({ "Cache-Control": "no-cache" });
  });
});
