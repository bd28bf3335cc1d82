// While a form is being sent (with JavaScript on, Remix sends it by fetch, so the browser shows
// nothing of its own), the button that sent it says so and cannot send it twice; a page that
// takes longer than about 300 ms to arrive says it is loading. Without JavaScript the browser's
// own loading indicator does this.
// One listener for every form on the site, so no page can forget it: the button pressed gets
// aria-disabled and data-pending (the stylesheet adds "Sending…" to it), the form aria-busy; a
// second press while the first is in flight is ignored. All of it is cleared when the
// navigation ends (a refused form comes back, or the next page arrives).
import { useNavigation } from "@remix-run/react";
import { useEffect, useState } from "react";

const SLOW_MS = 300;

function clearPending() {
  for (const el of document.querySelectorAll<HTMLElement>("[data-pending]")) {
    delete el.dataset.pending;
    el.removeAttribute(el instanceof HTMLFormElement ? "aria-busy" : "aria-disabled");
  }
}

export function PendingState() {
  const navigation = useNavigation();
  const [slow, setSlow] = useState(false);

  useEffect(() => {
    const onSubmit = (event: SubmitEvent) => {
      const form = event.target;
      if (!(form instanceof HTMLFormElement)) return;
      if (form.dataset.pending !== undefined) {
        event.preventDefault();
        return;
      }
      form.dataset.pending = "";
      form.setAttribute("aria-busy", "true");
      const button = event.submitter;
      if (button instanceof HTMLElement) {
        button.dataset.pending = "";
        button.setAttribute("aria-disabled", "true");
      }
    };
    // Capture: before Remix's own submit handler, so that a second press is stopped before it
    // is sent.
    document.addEventListener("submit", onSubmit, true);
    // A page restored from the back/forward cache must not keep a button that looks busy.
    window.addEventListener("pageshow", clearPending);
    return () => {
      document.removeEventListener("submit", onSubmit, true);
      window.removeEventListener("pageshow", clearPending);
    };
  }, []);

  useEffect(() => {
    if (navigation.state === "idle") {
      clearPending();
      setSlow(false);
      return;
    }
    const timer = window.setTimeout(() => setSlow(true), SLOW_MS);
    return () => window.clearTimeout(timer);
  }, [navigation.state]);

  const message = !slow ? "" : navigation.state === "submitting" ? "Sending…" : "Loading the page…";
  return (
    <div className={message ? "vvf-pending" : "govuk-visually-hidden"} role="status" data-testid="pending-status">
      {message}
    </div>
  );
}
