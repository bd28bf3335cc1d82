// How the site answers over HTTP, in one place, so models never deal in requests or responses:
// - the cache headers of public pages and files;
// - what a domain error thrown by a model means to the person who asked: its HTTP status, and
//   whether it is said on the form they sent (under a field, or on top of the form) or is the
//   page's own error (a 404 or 403 page). Routes call `refusalOf` in an action's catch and
//   `pageErrorOf` in a loader's; neither chooses a status or words a message itself.
import { ActionConflictError, ActionForbiddenError, ActionNotFoundError } from "~/models/actions/action-items.server";
import { AnswerRefusedError, AnswerValidationError } from "~/models/consultations/answers.server";
import { ConsultationEditError, ConsultationNotFoundError } from "~/models/consultations/consultations.server";
import { ConsultationMoveError } from "~/models/consultations/lifecycle.server";
import { FeedbackAnswerError, FeedbackLimitError, FeedbackLinkGoneError } from "~/models/feedback/answers.server";
import { CommentReviewError } from "~/models/feedback/comments.server";
import { FiguresAccessError } from "~/models/feedback/figures.server";
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
import { data, type ServerBuild } from "@remix-run/node";
import { isConnectionLost, logConnectionLost } from "../../db/client";
import type { EdgeRefusal } from "~/utils/refusals";
import { forbidden } from "./session.server";
import { retryWording } from "./sign-in-limits.server";

// ---------------------------------------------------------------------------------------------
// Cache headers

/** Pages are built from public records only, so a shared cache may keep them for a short while. */
export const PUBLIC_PAGE_CACHE = "public, max-age=60, stale-while-revalidate=300";
/**
 * The `headers` of every public page: cacheable when the page was built (an error page, e.g. a
 * 404, is not kept). entry.server.tsx makes any response to someone signed in private.
 */
export const publicPageHeaders = ({ errorHeaders }: { errorHeaders?: Headers }) =>
  errorHeaders ? { "Cache-Control": "no-cache" } : { "Cache-Control": PUBLIC_PAGE_CACHE };

/**
 * A public thread changes while it is open (replies and responses arrive live): shared caches
 * may keep it for 10 seconds, browsers ask again every time, so reading it afresh after a live
 * notice never brings back the copy from before.
 */
export const THREAD_PAGE_CACHE = "public, max-age=0, s-maxage=10";

/**
 * Brotli quality for pages compressed as they are sent (app/entry.server.tsx for a signed-in
 * reader's page, the compression middleware for the rest). Quality 1: the signed-in 51-post
 * thread page (123 KB) in 0.13 ms and 13.1 KB, against 0.25 ms and 12.6 KB at 2 and 0.82 ms at
 * the default 4; still smaller than gzip's default. Pages stored by the page cache are
 * compressed once, at the highest quality (decisions 043 and 047).
 */
export const PAGE_BROTLI_QUALITY = 1;

/** Feeds and downloads change rarely and are the same for everyone. */
export const PUBLIC_FILE_CACHE = "public, max-age=300, stale-while-revalidate=600";

// ---------------------------------------------------------------------------------------------
// Requests refused before they reach a model: from another website, or too many

/**
 * The site's own page for a request sent from another website (app/services/origins.server.ts):
 * a 403 that the error page words for it (app/components/error-page.tsx).
 */
export function otherSiteRefusal(): ReturnType<typeof data<EdgeRefusal>> {
  return data<EdgeRefusal>({ refusal: "other-site" }, { status: 403, headers: { "Cache-Control": "no-store" } });
}

/** The site's own page for too many attempts: a 429 that says when to try again, with support links. */
export function tooManyAttempts(retryAt: Date, now = new Date()): ReturnType<typeof data<EdgeRefusal>> {
  const seconds = Math.max(1, Math.ceil((retryAt.getTime() - now.getTime()) / 1000));
  return data<EdgeRefusal>(
    { refusal: "too-many", retry: retryWording(retryAt, now) },
    { status: 429, headers: { "Retry-After": String(seconds), "Cache-Control": "no-store" } },
  );
}

/** A route's `headers` for pages that may be answered by `tooManyAttempts`: its Retry-After reaches the browser. */
export const refusalHeaders = ({ errorHeaders, actionHeaders }: { errorHeaders?: Headers; actionHeaders?: Headers }) => {
  const headers = new Headers();
  for (const from of [actionHeaders, errorHeaders]) {
    for (const name of ["Retry-After", "Cache-Control"]) {
      const value = from?.get(name);
      if (value) headers.set(name, value);
    }
  }
  return headers;
};

// ---------------------------------------------------------------------------------------------
// Domain errors

/** A refused action as the form shows it: the status, and each message under its field ("" = on top of the form). */
export type Refusal = {
  status: 400 | 403 | 404 | 409 | 410 | 429;
  /** The first message, for routes that show it on their own (e.g. "this consultation is closed"). */
  message: string;
  /** Messages by field, conform's shape: "" holds the messages for the whole form. */
  error: Record<string, string[]>;
  /** For conform's `submission.reply(...)`. */
  reply: { formErrors?: string[]; fieldErrors?: Record<string, string[]> };
};

/** What an error means: said on the form (a `Refusal`), or the page's own error response. */
type Meaning = { form: Refusal } | { page: Response };

type ErrorClass<E extends Error> = abstract new (...args: any[]) => E;
type Rule = { kind: ErrorClass<Error>; means: (err: Error) => Meaning };
const rule = <E extends Error>(kind: ErrorClass<E>, means: (err: E) => Meaning): Rule => ({ kind, means: means as (err: Error) => Meaning });

/** Said on the form: under `field`, or on top of the form when there is none. */
function onForm(status: Refusal["status"], message: string, field?: string): Meaning {
  const error = { [field || ""]: [message] };
  return { form: { status, message, error, reply: field ? { fieldErrors: error } : { formErrors: [message] } } };
}

const notFoundPage = (): Meaning => ({ page: new Response("Not found", { status: 404 }) });

/**
 * Every domain error the models throw, and what it means over HTTP. The first rule whose class
 * the error is an instance of decides, so a subclass comes before its parent.
 */
const RULES: Rule[] = [
  // Threads and posts
  rule(PostingError, (e) => onForm(400, e.message, e.field)),
  rule(ReportError, (e) => onForm(400, e.message)),
  rule(DecisionConflictError, (e) => onForm(409, e.message)),
  rule(ReportDecisionError, (e) => onForm(409, e.message)),
  rule(PostNotFoundError, (e) => onForm(404, e.message)),
  rule(ResponseError, (e) => onForm(403, e.message)),
  // Official responses on meetings and actions
  rule(ResponseConflictError, (e) => onForm(409, e.message)),
  rule(ResponseTargetNotFoundError, notFoundPage),
  // Consultations
  rule(ConsultationEditError, (e) => onForm(409, e.message)),
  rule(ConsultationMoveError, (e) => onForm(409, e.message)),
  rule(AnswerRefusedError, (e) => onForm(409, e.message)),
  rule(AnswerValidationError, (e) => ({ form: { status: 400, message: e.message, error: e.fieldErrors, reply: { fieldErrors: e.fieldErrors } } })),
  rule(ConsultationNotFoundError, notFoundPage),
  rule(ResultsHiddenError, (e) => ({ page: new Response(e.message, { status: 403 }) })),
  // Meetings
  rule(MeetingRuleError, (e) => onForm(400, e.message, e.field)),
  rule(MeetingConflictError, (e) => onForm(409, e.message)),
  rule(MeetingNotFoundError, notFoundPage),
  rule(MeetingForbiddenError, (e) => ({ page: new Response(e.message, { status: 403 }) })),
  // Actions
  rule(ActionConflictError, (e) => onForm(409, e.message)),
  rule(ActionForbiddenError, (e) => ({ page: forbidden(e.message) })),
  rule(ActionNotFoundError, notFoundPage),
  // My Met Service
  rule(FeedbackError, (e) => onForm(400, e.message, e.field)),
  // A link used or expired meanwhile is gone (the page then says so kindly); unknown is not found.
  rule(FeedbackLinkGoneError, (e) => onForm(e.state === "unknown" ? 404 : 410, e.message)),
  rule(FeedbackLimitError, (e) => onForm(429, e.message)),
  rule(FeedbackAnswerError, (e) => onForm(400, e.message, e.field)),
  rule(CommentReviewError, (e) => onForm(e.field ? 400 : 409, e.message, e.field)),
  rule(FiguresAccessError, (e) => ({ page: forbidden(e.message) })),
  // People, invitations and forums
  // Accepting an invitation that was used, withdrawn or expired meanwhile: it is gone (the join
  // page then says why); a name or address taken meanwhile is a conflict on that field.
  rule(InvitationClaimError, (e) => (e.field ? onForm(409, e.message, e.field) : onForm(410, e.message))),
  rule(InvitationError, (e) => onForm(400, e.message, e.field)),
  rule(NameTakenError, (e) => onForm(409, e.message, e.field)),
  rule(PeopleError, (e) => onForm(400, e.message, e.field)),
  rule(SlugTakenError, (e) => onForm(400, e.message, "slug")),
  rule(AccountDeletionError, (e) => onForm(409, e.message)),
];

function meaningOf(err: unknown): Meaning | null {
  if (!(err instanceof Error)) return null;
  const found = RULES.find((r) => err instanceof r.kind);
  return found ? found.means(err) : null;
}

/**
 * For an action's catch: the refusal a domain error means, to show on the form that was sent.
 * Throws the error page when the error is the page's own (not found, not allowed), and
 * rethrows anything that is not a domain error.
 */
export function refusalOf(err: unknown): Refusal {
  const meaning = meaningOf(err);
  if (!meaning) throw err;
  if ("page" in meaning) throw meaning.page;
  return meaning.form;
}

/**
 * For a loader's catch: a domain error becomes the page's error response (a refusal meant for
 * a form becomes an error page with its status and message); anything else is rethrown.
 */
export function pageErrorOf(err: unknown): never {
  const meaning = meaningOf(err);
  if (!meaning) throw err;
  if ("page" in meaning) throw meaning.page;
  throw new Response(meaning.form.message, { status: meaning.form.status });
}

// ---------------------------------------------------------------------------------------------
// The database away

/** Seconds a client is asked to wait when the database is away (a restart takes a few). */
export const DATABASE_RETRY_AFTER_SECONDS = 5;

/** 503 with Retry-After: the site's own error page says the service is away for a moment. */
export function serviceUnavailable(): Response {
  return new Response("The service is not available for a moment.", {
    status: 503,
    headers: { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS), "Cache-Control": "no-store" },
  });
}

type RouteFunction = (...args: any[]) => unknown;

function answeringOutages<F extends RouteFunction>(fn: F): F {
  return (async (...args: Parameters<F>) => {
    try {
      return await fn(...args);
    } catch (err) {
      if (!isConnectionLost(err)) throw err;
      logConnectionLost(err as Error);
      throw serviceUnavailable();
    }
  }) as F;
}

/**
 * The Remix build with every loader and action answering a lost database connection (idle or
 * in use, a restart, a refused connection) with 503 and Retry-After instead of a 500: the one
 * place where that error gets its meaning over HTTP, for pages, data requests and downloads.
 */
export function withOutageAnswers(build: ServerBuild): ServerBuild {
  const routes: ServerBuild["routes"] = {};
  for (const [id, route] of Object.entries(build.routes)) {
    const { loader, action } = route.module;
    routes[id] = {
      ...route,
      module: {
        ...route.module,
        ...(loader ? { loader: answeringOutages(loader) } : {}),
        ...(action ? { action: answeringOutages(action) } : {}),
      },
    };
  }
  return { ...build, routes };
}
