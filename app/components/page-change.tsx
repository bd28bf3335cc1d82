// What a page change does with JavaScript on, so that it matches what a full page load does for
// keyboard and screen-reader users (with JavaScript off, every page starts at the skip link):
// - focus moves to what the person needs first: the danger box when it shows, else the error
//   summary, else the success banner, else the element named by the address's #fragment, else
//   the page's main heading;
// - a polite live region announces the new page's title (with "Error: " when the form failed);
//   the danger box's words are announced assertively, at once.
// It runs when a navigation or a form submission finishes (Remix's navigation goes back to
// idle), not on the first load and not on live refreshes (useRevalidator) or fetchers.
import { useLocation, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/** Marks an element that must take focus first when it appears on a page change (the danger box). */
export const FOCUS_FIRST = { "data-focus-first": "" } as const;

function focusTarget(hash: string): HTMLElement | null {
  const main = document.getElementById("main-content");
  if (!main) return null;
  const byHash = hash.length > 1 ? document.getElementById(decodeURIComponent(hash.slice(1))) : null;
  return (
    main.querySelector<HTMLElement>("[data-focus-first]") ??
    main.querySelector<HTMLElement>(".govuk-error-summary") ??
    main.querySelector<HTMLElement>(".govuk-notification-banner--success") ??
    byHash ??
    main.querySelector<HTMLElement>("h1") ??
    main
  );
}

/** The words of an element as a screen reader would say them: without what is aria-hidden. */
function spokenText(element: HTMLElement) {
  const words: string[] = [];
  const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement?.closest('[aria-hidden="true"]')) continue;
    const text = node.textContent?.replace(/\s+/g, " ").trim();
    if (text) words.push(text);
  }
  return words.join(" ");
}

export function PageChangeAnnouncer() {
  const navigation = useNavigation();
  const location = useLocation();
  const busy = useRef(false);
  const [message, setMessage] = useState({ polite: "", assertive: "" });

  useEffect(() => {
    if (navigation.state !== "idle") {
      busy.current = true;
      return;
    }
    if (!busy.current) return;
    busy.current = false;
    const target = focusTarget(location.hash);
    if (target) {
      if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
      target.focus({ preventScroll: target.tagName === "H1" });
    }
    // Cleared first so that the same title twice (a second failed attempt) is announced again.
    // The danger box is read out at once (assertive), before the page's title.
    setMessage({ polite: "", assertive: "" });
    const danger = target?.hasAttribute("data-focus-first") ? spokenText(target) : "";
    const timer = window.setTimeout(() => setMessage({ polite: document.title, assertive: danger }), 50);
    return () => window.clearTimeout(timer);
  }, [navigation.state, location]);

  return (
    <>
      <div className="govuk-visually-hidden" aria-live="polite" aria-atomic="true" data-testid="page-announcer">
        {message.polite}
      </div>
      <div className="govuk-visually-hidden" aria-live="assertive" aria-atomic="true" data-testid="danger-announcer">
        {message.assertive}
      </div>
    </>
  );
}
