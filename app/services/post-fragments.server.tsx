// Approved posts rendered once, not once per reader. The part of a post that is the same for
// every reader who is not its author (name, date, content warning, body) is rendered to HTML
// the first time it is asked for and kept, under a key made of what it shows: the post's id,
// its version (bumped by every change to a post: an edit, a redaction, new content warnings, a
// status change) and its author's name as read now. The thread page reads those three afresh
// from the database on every request, so a changed post or a renamed author is a new key, and
// a post that may no longer be shown (hidden, withdrawn, in a thread the reader may not read)
// is not asked for at all: the cache never decides what anyone sees, only saves re-rendering
// what the database has just said they may see. Nothing needs dropping when something changes,
// in this process or another (cluster mode): an old key is just never asked for again and ages
// out of the LRU. See docs/decisions/039-post-fragments-rendered-once.md.
import { LRUCache } from "lru-cache";
import { renderToStaticMarkup } from "react-dom/server";
import { REPORT_FORM_POST_ID, ThreadPostContent, type ThreadPostView } from "~/components/post-body";
import { ReportPostForm } from "~/components/post-form";
import { formatLondonDateTime } from "~/utils/london-time";
import { singleton } from "~/utils/singleton";
import { approvedPostBodies } from "~/models/threads/threads.server";

/** What the fragment shows, as listThreadPosts returns it. */
export type FragmentPost = {
  id: string;
  version: number;
  authorName: string;
  bodyHtml: string;
  contentWarnings: string[];
  approvedAt: Date | null;
  submittedAt: Date;
};

/** Strings by key, least recently used dropped first once the characters held pass `maxChars`. */
function stringLru(maxChars: number) {
  return new LRUCache<string, string>({ maxSize: maxChars, sizeCalculation: (value, key) => key.length + value.length });
}

// Bounded by characters held (about 2 bytes each): a few thousand posts' worth.
const fragments = singleton("post-fragments", () => stringLru(8_000_000));

export function fragmentKey(p: Pick<FragmentPost, "id" | "version" | "authorName">): string {
  return `${p.id}:${p.version}:${p.authorName}`;
}

/** A post's shared markup and its cache key; `kept: false` when it was made without being kept. */
export type PostFragment = { key: string; html: string; kept?: false };

/** The shared markup of one approved post when it is already made, else undefined (its body is then needed). */
export function madePostFragment(p: Pick<FragmentPost, "id" | "version" | "authorName">): { key: string; html: string } | undefined {
  const key = fragmentKey(p);
  const html = fragments.get(key);
  return html === undefined ? undefined : { key, html };
}

/**
 * The shared markup of one approved post (not the reader's own), rendered at most once per key.
 * `keep: false` renders it without keeping it (a body read after the rest of the row, which may
 * belong to a later version).
 */
export function postFragment(p: FragmentPost, threadId: string, options: { keep?: boolean } = {}): PostFragment {
  const key = fragmentKey(p);
  let html = fragments.get(key);
  if (html === undefined) {
    const view: ThreadPostView = {
      id: p.id,
      own: false,
      status: "approved",
      bodyHtml: p.bodyHtml,
      contentWarnings: p.contentWarnings,
      authorName: p.authorName,
      date: formatLondonDateTime(p.approvedAt ?? p.submittedAt),
      rejection: null,
      redactionNote: null,
    };
    html = renderToStaticMarkup(<ThreadPostContent post={view} threadId={threadId} showSafetyBox={false} />);
    if (options.keep === false) return { key, html, kept: false };
    fragments.set(key, html);
  }
  return { key, html };
}

/**
 * The shared markup of a thread page's approved posts by people other than the reader, by post
 * id. The page's statement leaves their bodies out (most of its bytes): markup already made
 * comes from memory, and the bodies of the rest are read here, in one statement. A post hidden
 * or withdrawn in between is left out; a body edited in between is shown but not kept under the
 * older version's key.
 */
export async function sharedPostFragments(
  threadId: string,
  posts: (Omit<FragmentPost, "bodyHtml"> & { bodyHtml: string | null })[],
): Promise<Map<string, PostFragment>> {
  const made = new Map<string, PostFragment>();
  const missing: typeof posts = [];
  for (const p of posts) {
    const fragment = madePostFragment(p);
    if (fragment) made.set(p.id, fragment);
    else missing.push(p);
  }
  if (!missing.length) return made;
  const bodies = await approvedPostBodies(threadId, missing.map((p) => p.id));
  for (const p of missing) {
    const body = bodies.get(p.id);
    if (body) made.set(p.id, postFragment({ ...p, bodyHtml: body.bodyHtml }, threadId, { keep: body.version === p.version }));
  }
  return made;
}

const reportForms = singleton("report-form-markup", () => stringLru(2_000_000));

// A shared post followed by its report form, for readers who may report: the same for all of
// them, so also made once per fragment key (the form names only the thread and the post).
const withReportForms = singleton("post-fragments-with-report-form", () => stringLru(8_000_000));

/**
 * A shared post's markup as a reader sees it: with its report form when they may report. Kept
 * only when the post's own markup was (not for a body read after the rest of its row).
 */
export function sharedPostMarkup(fragment: PostFragment, postId: string, reportForm: string | null): { key: string; html: string } {
  if (!reportForm) return { key: `${fragment.key}:`, html: fragment.html };
  const key = `${fragment.key}:r`;
  let html = fragment.kept === false ? undefined : withReportForms.get(key);
  if (html === undefined) {
    html = fragment.html + reportForm.replaceAll(REPORT_FORM_POST_ID, postId);
    if (fragment.kept !== false) withReportForms.set(key, html);
  }
  return { key, html };
}

/** The report form's markup for a thread, with REPORT_FORM_POST_ID where each post's id goes. */
export function reportFormMarkup(threadId: string): string {
  let html = reportForms.get(threadId);
  if (html === undefined) {
    html = renderToStaticMarkup(<ReportPostForm plain postId={REPORT_FORM_POST_ID} action={`/threads/${threadId}`} />);
    reportForms.set(threadId, html);
  }
  return html;
}

/**
 * Load context: true when the request is a page load (not a Remix data request, `….data`), so
 * that what the page's HTML carries need not travel again in its hydration data. Unknown (a
 * caller that does not say) counts as a data request: the markup is then sent in the data too,
 * which is only bigger, never wrong.
 */
export type FragmentContext = { pageLoad?: boolean };

export function isPageLoad(context: unknown): boolean {
  return (context as FragmentContext | undefined)?.pageLoad === true;
}

/**
 * A value for the page's render that does not travel in the hydration data: an own property
 * the serializer (turbo-stream, which walks Object.keys) skips, while the server's render reads
 * it like any other.
 */
export function withRenderOnly<T extends object, K extends string, V>(target: T, key: K, value: V): T & { [P in K]?: V } {
  Object.defineProperty(target, key, { value, enumerable: false });
  return target as T & { [P in K]?: V };
}

/** For tests: forget every fragment. */
export function clearPostFragments() {
  fragments.clear();
  reportForms.clear();
  withReportForms.clear();
}
