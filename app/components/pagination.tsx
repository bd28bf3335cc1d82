// GOV.UK pagination for lists read newest first, a page at a time: a link back to the newest
// page and a link to older items. The lists page by a cursor (the last item shown), not by page
// number, so there are no numbered links: a number would move as new items arrive.
import { Link } from "@remix-run/react";

export type PageLink = { href: string; text: string };

export function Pagination({
  label,
  newest,
  older,
  block,
}: {
  /** Names the navigation landmark, e.g. "Pages of threads". */
  label: string;
  /** The first page; null on the first page itself. */
  newest?: PageLink | null;
  /** The next page of older items; null on the last page. */
  older?: PageLink | null;
  /** The Design System's block style: links stacked, for short lists beside other content. */
  block?: boolean;
}) {
  if (!newest && !older) return null;
  return (
    <nav className={block ? "govuk-pagination govuk-pagination--block" : "govuk-pagination"} aria-label={label}>
      {newest ? (
        <div className="govuk-pagination__prev">
          <Link className="govuk-link govuk-pagination__link" to={newest.href} rel="prev">
            <span className="govuk-pagination__link-title">{newest.text}</span>
          </Link>
        </div>
      ) : null}
      {older ? (
        <div className="govuk-pagination__next">
          <Link className="govuk-link govuk-pagination__link" to={older.href} rel="next">
            <span className="govuk-pagination__link-title">{older.text}</span>
          </Link>
        </div>
      ) : null}
    </nav>
  );
}
