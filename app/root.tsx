import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, Links, NavLink, Outlet, Scripts, ScrollRestoration, useLoaderData, useLocation, useRouteLoaderData } from "@remix-run/react";
import { useEffect, useState, type ReactNode } from "react";
import { ErrorPage } from "./components/error-page";
import { ExitThisPage, EXIT_SHORTCUT_SCRIPT } from "./components/exit-this-page";
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
function NotificationsLink({ userId }: { userId: string }) {
  const loaded = useRouteLoaderData<typeof loader>("root")?.unreadNotifications ?? 0;
  const [count, setCount] = useState(loaded);
  useEffect(() => setCount(loaded), [loaded]);
  useRoom(`user:${userId}`, { notification: () => setCount((c) => c + 1) });
  return (
    <NavLink to="/notifications" className="govuk-link">
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
    </NavLink>
  );
}

/**
 * A link in the header; `aria-current="page"` comes from NavLink on the page it points to and
 * the pages under it, except those under `except`, which have a header link of their own (one
 * current page at a time: "Feedback figures" lives under /respond).
 */
function HeaderLink({ to, except, children }: { to: string; except?: string; children: React.ReactNode }) {
  const { pathname } = useLocation();
  const elsewhere = except !== undefined && (pathname === except || pathname.startsWith(`${except}/`));
  return (
    <li>
      {elsewhere ? (
        <Link to={to} className="govuk-link">
          {children}
        </Link>
      ) : (
        <NavLink to={to} className="govuk-link">
          {children}
        </NavLink>
      )}
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

function Header({ user, settingUpTwoFactor }: { user: RootData["user"]; settingUpTwoFactor: boolean }) {
  return (
    <header className="vvf-header" role="banner">
      <div className="govuk-width-container">
        <div className="vvf-header__top">
          <p className="vvf-header__title">
            <Link to="/" className="govuk-link govuk-link--no-underline">
              Victim Voice Forum
            </Link>
          </p>
          <nav aria-label="Your account">
            <ul className="vvf-header__nav vvf-header__nav--account">
              {user ? (
                <>
                  <li>
                    <NotificationsLink userId={user.id} />
                  </li>
                  <HeaderLink to="/account">
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
                <HeaderLink to="/login">Sign in</HeaderLink>
              )}
            </ul>
          </nav>
        </div>
        <nav aria-label="Main">
          <ul className="vvf-header__nav vvf-header__nav--main">
            {user && can(user.role, "forum:read-own") ? <HeaderLink to="/forums">Your forums</HeaderLink> : null}
            {user && can(user.role, "feedback:request") ? <HeaderLink to="/officer">Feedback</HeaderLink> : null}
            <HeaderLink to="/consultations">Consultations</HeaderLink>
            <HeaderLink to="/meetings">Meetings</HeaderLink>
            <HeaderLink to="/responses">Responses</HeaderLink>
            <HeaderLink to="/actions">Actions</HeaderLink>
            <HeaderLink to="/accountability">Accountability</HeaderLink>
            {user && can(user.role, "moderation:review") ? <HeaderLink to="/moderation">Moderation</HeaderLink> : null}
            {user && can(user.role, "official-response:publish") ? <HeaderLink to="/respond" except="/respond/feedback">Respond</HeaderLink> : null}
            {canSuperviseFeedback(user) ? <HeaderLink to="/respond/feedback">Feedback figures</HeaderLink> : null}
            {user && can(user.role, "people:list") ? <HeaderLink to="/admin">{user.role === "admin" ? "Admin" : "Manage"}</HeaderLink> : null}
          </ul>
        </nav>
      </div>
    </header>
  );
}

function Footer() {
  return (
    <footer className="govuk-footer" role="contentinfo">
      <div className="govuk-width-container">
        <h2 className="govuk-visually-hidden">Support and information</h2>
        <ul className="vvf-footer-links">
          <li>
            <Link className="govuk-footer__link" to="/support">
              Support services and staying safe online
            </Link>
          </li>
          <li>
            <Link className="govuk-footer__link" to="/rights">
              Your rights under the Victims&apos; Code
            </Link>
          </li>
          <li>
            <Link className="govuk-footer__link" to="/my-met-service">
              How victims rate officers (My Met Service)
            </Link>
          </li>
          <li>
            <Link className="govuk-footer__link" to="/open-data">
              Open data and feeds
            </Link>
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
        <Header user={user} settingUpTwoFactor={settingUpTwoFactor} />
        <div className="govuk-width-container">
          <main className="govuk-main-wrapper" id="main-content" role="main" tabIndex={-1}>
            {children}
          </main>
        </div>
        <Footer />
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
