import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState, type MouseEventHandler, type ReactNode } from "react";
import { ErrorPage } from "./components/error-page";
import { ExitThisPage, EXIT_SHORTCUT_SCRIPT } from "./components/exit-this-page";
import { useNavigateOnClick } from "./components/list-link";
import { PageChangeAnnouncer } from "./components/page-change";
import { PageMeta } from "./components/page-meta";
import { PendingState } from "./components/pending";
import { useRoom } from "./components/live";
import { unreadCount } from "./models/notifications/notifications.server";
import { isDemoSite } from "./models/site/demo-site.server";
import { exitPageUrl } from "./services/config.server";
import { getSessionState } from "./services/session.server";
import { useNonce } from "./utils/nonce";
import { can, canSuperviseFeedback, ROLE_LABELS } from "./utils/permissions";
import stylesHref from "./styles/app.css";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesHref },
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Victim Voice Forum" }];

let demoCache: boolean | undefined;

export async function loader({ request }: LoaderFunctionArgs) {
  const state = await getSessionState(request);
  const user = state.kind === "signed-in" ? state.user : null;
  demoCache ??= await isDemoSite();
  return {
    user: user ? { id: user.id, name: user.name, role: user.role, organisation: user.organisation } : null,
    // A staff account still to set up two-factor: signed in only far enough to do that or sign out.
    settingUpTwoFactor: state.kind === "needs-two-factor",
    // Read with the session in the same statement; counted apart only when better-auth read the
    // session (once a day per session, when it extends it).
    unreadNotifications: state.kind === "signed-in" ? (state.unreadNotifications ?? (await unreadCount(state.user.id))) : 0,
    exitUrl: exitPageUrl(),
    demo: demoCache,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

/** The signed-in person as the layout knows them, for any component. */
export function useOptionalUser() {
  return useRouteLoaderData<typeof loader>("root")?.user ?? null;
}

/** "Notifications" with the unread count, kept up to date live from the person's own room. */
function NotificationsLink({ userId, links }: { userId: string; links: LayoutLinks }) {
  const loaded = useRouteLoaderData<typeof loader>("root")?.unreadNotifications ?? 0;
  const [count, setCount] = useState(loaded);
  useEffect(() => setCount(loaded), [loaded]);
  useRoom(`user:${userId}`, { notification: () => setCount((c) => c + 1) });
  return (
    <a href="/notifications" className="govuk-link" aria-current={isAtOrUnder(links.pathname, "/notifications") ? "page" : undefined} onClick={links.onClick}>
      Notifications{" "}
      {count > 0 ? (
        <span className="vvf-notification-count" aria-hidden="true">
          {count}
        </span>
      ) : null}
      <span className="govuk-visually-hidden">
        {" "}
        ({count === 0 ? "no unread notifications" : count === 1 ? "1 unread notification" : `${count} unread notifications`})
      </span>
    </a>
  );
}

/** `pathname` is `to` or a page under it (as React Router's NavLink decides, ignoring case). */
function isAtOrUnder(pathname: string, to: string): boolean {
  const at = pathname.toLowerCase();
  return at === to || at.startsWith(`${to}/`);
}

/**
 * The layout's links are plain `<a href>`s sharing one click handler that navigates in the app,
 * as the forum list's are (decision 045; why for the layout: decision 050): a `<Link>` or
 * `<NavLink>` resolves its address through React Router three times on every render, and every
 * page renders the layout's fifteen or so. `aria-current="page"` marks the link of the page
 * it points to and the pages under it, except those under `except`, which have a header link
 * of their own (one current page at a time: "Feedback figures" lives under /respond).
 */
type LayoutLinks = { pathname: string; onClick: MouseEventHandler<HTMLAnchorElement> };

function HeaderLink({ to, except, links, children }: { to: string; except?: string; links: LayoutLinks; children: React.ReactNode }) {
  const current = isAtOrUnder(links.pathname, to) && !(except !== undefined && isAtOrUnder(links.pathname, except));
  return (
    <li>
      <a href={to} className="govuk-link" aria-current={current ? "page" : undefined} onClick={links.onClick}>
        {children}
      </a>
    </li>
  );
}

/**
 * Two rows: the forum's name with the person's own links (notifications, account, sign in or
 * out) in a small "Your account" navigation, then the sections in the "Main" navigation. Public
 * sections come first, then the ones a role adds, so a member and a moderator find the same
 * links in the same places.
 */
function SignOutButton() {
  return (
    <form method="post" action="/logout" className="govuk-!-display-inline">
      <button type="submit" className="govuk-link vvf-link-button">
        Sign out
      </button>
    </form>
  );
}

function Header({ user, settingUpTwoFactor, links }: { user: RootData["user"]; settingUpTwoFactor: boolean; links: LayoutLinks }) {
  return (
    <header className="vvf-header" role="banner">
      <div className="govuk-width-container">
        <div className="vvf-header__top">
          <p className="vvf-header__title">
            <a href="/" className="govuk-link govuk-link--no-underline" onClick={links.onClick}>
              Victim Voice Forum
            </a>
          </p>
          <nav aria-label="Your account">
            <ul className="vvf-header__nav vvf-header__nav--account">
              {user ? (
                <>
                  <li>
                    <NotificationsLink userId={user.id} links={links} />
                  </li>
                  <HeaderLink to="/account" links={links}>
                    {user.name} <span className="govuk-visually-hidden">(your account, {ROLE_LABELS[user.role]})</span>
                  </HeaderLink>
                  <li>
                    <SignOutButton />
                  </li>
                </>
              ) : settingUpTwoFactor ? (
                <li>
                  <SignOutButton />
                </li>
              ) : (
                <HeaderLink to="/login" links={links}>Sign in</HeaderLink>
              )}
            </ul>
          </nav>
        </div>
        <nav aria-label="Main">
          <ul className="vvf-header__nav vvf-header__nav--main">
            {user && can(user.role, "forum:read-own") ? <HeaderLink to="/forums" links={links}>Your forums</HeaderLink> : null}
            {user && can(user.role, "feedback:request") ? <HeaderLink to="/officer" links={links}>Feedback</HeaderLink> : null}
            <HeaderLink to="/consultations" links={links}>Consultations</HeaderLink>
            <HeaderLink to="/meetings" links={links}>Meetings</HeaderLink>
            <HeaderLink to="/responses" links={links}>Responses</HeaderLink>
            <HeaderLink to="/actions" links={links}>Actions</HeaderLink>
            <HeaderLink to="/accountability" links={links}>Accountability</HeaderLink>
            {user && can(user.role, "moderation:review") ? <HeaderLink to="/moderation" links={links}>Moderation</HeaderLink> : null}
            {user && can(user.role, "official-response:publish") ? <HeaderLink to="/respond" except="/respond/feedback" links={links}>Respond</HeaderLink> : null}
            {canSuperviseFeedback(user) ? <HeaderLink to="/respond/feedback" links={links}>Feedback figures</HeaderLink> : null}
            {user && can(user.role, "people:list") ? <HeaderLink to="/admin" links={links}>{user.role === "admin" ? "Admin" : "Manage"}</HeaderLink> : null}
          </ul>
        </nav>
      </div>
    </header>
  );
}

function Footer({ links }: { links: LayoutLinks }) {
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <h2 className="govuk-visually-hidden">Support and information</h2>
        <ul className="vvf-footer-links">
          <li>
            <a className="govuk-footer__link" href="/support" onClick={links.onClick}>
              Support services and staying safe online
            </a>
          </li>
          <li>
            <a className="govuk-footer__link" href="/rights" onClick={links.onClick}>
              Your rights under the Victims&apos; Code
            </a>
          </li>
          <li>
            <a className="govuk-footer__link" href="/my-met-service" onClick={links.onClick}>
              How victims rate officers (My Met Service)
            </a>
          </li>
          <li>
            <a className="govuk-footer__link" href="/open-data" onClick={links.onClick}>
              Open data and feeds
            </a>
          </li>
        </ul>
        <p className="govuk-body-s">
          If you are in danger now, call 999. If you are deaf or hard of hearing, text 999 after registering with emergencySMS.
          For non-emergencies call 101.
        </p>
      </div>
    </footer>
  );
}

function Document({
  children,
  exitUrl,
  demo,
  user,
  settingUpTwoFactor = false,
}: {
  children: ReactNode;
  exitUrl: string;
  demo: boolean;
  user: RootData["user"];
  settingUpTwoFactor?: boolean;
}) {
  const nonce = useNonce();
  const links: LayoutLinks = { pathname: useLocation().pathname, onClick: useNavigateOnClick() };
  useEffect(() => {
    // govuk-frontend's scripts: Exit this page (button + Shift ×3), buttons, error summaries.
    import("govuk-frontend").then(({ initAll }) => {
      initAll();
      // From now on govuk-frontend's own Shift ×3 handler (with its cover) takes over from the
      // early one in EXIT_SHORTCUT_SCRIPT.
      (window as unknown as { vvfExitReady?: boolean }).vvfExitReady = true;
    });
  }, []);
  return (
    <html lang="en-GB" className="govuk-template">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="theme-color" content="#0b0c0c" />
        <PageMeta />
        <Links />
      </head>
      <body className="govuk-template__body">
        <script
          nonce={nonce}
          // Marks the page as able to run govuk-frontend's scripts, before anything paints.
          dangerouslySetInnerHTML={{
            __html:
              "document.body.className += ' js-enabled' + ('noModule' in HTMLScriptElement.prototype ? ' govuk-frontend-supported' : '');",
          }}
        />
        <a href="#main-content" className="govuk-skip-link">
          Skip to main content
        </a>
        {/* Right after the skip link in the tab order (GOV.UK), and kept in view while scrolling. */}
        <div className="vvf-exit-wrapper">
          <div className="govuk-width-container">
            <ExitThisPage href={exitUrl} />
          </div>
        </div>
        {/* Shift ×3 works as soon as the HTML is here, before the page's scripts have loaded. */}
        <script nonce={nonce} dangerouslySetInnerHTML={{ __html: EXIT_SHORTCUT_SCRIPT }} />
        {demo ? (
          <div className="vvf-demo-banner" role="region" aria-label="About this site">
            <div className="govuk-width-container">Demonstration site: every person, post and figure here is made up.</div>
          </div>
        ) : null}
        <Header user={user} settingUpTwoFactor={settingUpTwoFactor} links={links} />
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
            {children}
          </main>
        </div>
        <Footer links={links} />
        <PageChangeAnnouncer />
        <PendingState />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const data = useLoaderData<typeof loader>();
  return (
    <Document exitUrl={data.exitUrl} demo={data.demo} user={data.user} settingUpTwoFactor={data.settingUpTwoFactor}>
      <Outlet />
    </Document>
  );
}

export function ErrorBoundary() {
  const data = useRouteLoaderData<typeof loader>("root");
  return (
    <Document exitUrl={data?.exitUrl ?? "https://www.bbc.co.uk/weather"} demo={data?.demo ?? false} user={data?.user ?? null} settingUpTwoFactor={data?.settingUpTwoFactor ?? false}>
      <ErrorPage />
    </Document>
  );
}
