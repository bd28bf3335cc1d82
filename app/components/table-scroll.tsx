import type { ReactNode } from "react";

/**
 * The box every table sits in: a table wider than a phone's screen scrolls inside it, never the
 * whole page (WCAG 1.4.10 Reflow), with a shadow at the edge that has more to show. It takes
 * focus, so that someone using a keyboard can scroll it with the arrow keys.
 */
export function TableScroll({ children }: { children: ReactNode }) {
  return (
    <div className="vvf-table-scroll" tabIndex={0} role="region" aria-label="Table, scrolls sideways on a small screen">
      {children}
    </div>
  );
}
