// Links for long lists (a forum's 25 threads) and for the layout every page renders (decision
// 050): each is a plain <a href>, and with JavaScript a plain click on it navigates inside the
// app, as Remix's <Link> does. A <Link> resolves its
// address through React Router three times on every server render (two `useHref`s and the click
// handler's `useResolvedPath`, each copying the route matches through JSON): for a list of
// absolute addresses that is the same work in every row, about 5% of a signed-in forum page's
// CPU. The list makes one handler with one `useNavigate` and gives it to every row.
import { useNavigate } from "@remix-run/react";
import { useCallback, type MouseEvent } from "react";

/** An onClick for <a href="/absolute/path"> that navigates in the app on a plain left click. */
export function useNavigateOnClick() {
  const navigate = useNavigate();
  return useCallback(
    (event: MouseEvent<HTMLAnchorElement>) => {
      // New tab, new window, download, or a handler that already took the click: the browser's own.
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.altKey || event.ctrlKey || event.shiftKey) return;
      const anchor = event.currentTarget;
      if (anchor.target && anchor.target !== "_self") return;
      const href = anchor.getAttribute("href");
      if (!href?.startsWith("/") || href.startsWith("//")) return;
      event.preventDefault();
      navigate(href);
    },
    [navigate],
  );
}
