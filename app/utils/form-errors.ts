// Whether a page shows the error summary, read from the data the page was built from, so the
// server and the browser agree on the page's title ("Error: …", the GOV.UK pattern) without
// looking at the rendered HTML. A failed form is what ErrorSummary shows: a conform submission
// result whose `error` holds at least one message — `{ error: { field: ["message"] } }` —
// returned by an action, or by a loader for a filter form; some pages wrap it one or two levels
// down (`{ intent, result }`). Its `status` is not relied on: a page may add errors of its own
// to a reply (consultations.$id_.respond.tsx).

type Failed = { error: Record<string, unknown> };

function isFailedSubmission(value: unknown): value is Failed {
  if (!value || typeof value !== "object") return false;
  const error = (value as { error?: unknown }).error;
  if (!error || typeof error !== "object" || Array.isArray(error)) return false;
  return Object.values(error).some((messages) => Array.isArray(messages) && messages.some((m) => typeof m === "string" && m.length > 0));
}

/** True when any of `values` (route data) holds a failed submission, up to `depth` levels down. */
export function showsFormErrors(values: unknown[], depth = 3): boolean {
  return values.some((value) => {
    if (isFailedSubmission(value)) return true;
    if (depth === 0 || !value || typeof value !== "object" || Array.isArray(value)) return false;
    return showsFormErrors(Object.values(value), depth - 1);
  });
}

export const ERROR_TITLE_PREFIX = "Error: ";

/** The page's title when its error summary shows. */
export function errorTitle(title: string) {
  return title.startsWith(ERROR_TITLE_PREFIX) ? title : `${ERROR_TITLE_PREFIX}${title}`;
}
