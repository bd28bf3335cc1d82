// Support services and staying safe online. Public, static and plain English: written for
// people who have been through something hard, and linked from every page's footer.
// Everything here works without JavaScript (the browser steps use native <details>).
import type { HeadersFunction, MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { ErrorPage } from "~/components/error-page";
import { SUPPORT_SERVICES } from "~/utils/victims-information";

export const meta: MetaFunction = () => [
  { title: "Support services and staying safe online – Victim Voice Forum" },
  {
    name: "description",
    content: "Free support services for victims of crime, what to do if you are in danger, and how to keep your visits to this forum private.",
  },
];

// The page itself is the same for everyone, but the layout around it shows the signed-in
// member's display name. "Vary: Cookie" keeps a cache from giving one person's copy to another.
export const headers: HeadersFunction = () => ({ "Cache-Control": "public, max-age=300", Vary: "Cookie" });

/** A phone number people can tap to call. The number itself is the link text. */
function Phone({ number }: { number: string }) {
  return (
    <a className="govuk-link" href={`tel:${number.replace(/\s/g, "")}`}>
      {number}
    </a>
  );
}

function Service({ name, phone, children }: { name: string; phone: string; children: ReactNode }) {
  return (
    <>
      <h3 className="govuk-heading-s">{name}</h3>
      {children}
      <p className="govuk-body">
        Phone: <Phone number={phone} />
      </p>
    </>
  );
}

function BrowserSteps({ name, children }: { name: string; children: ReactNode }) {
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">{name}</span>
      </summary>
      <div className="govuk-details__text">{children}</div>
    </details>
  );
}

export default function Support() {
  return (
    <div className="govuk-grid-row">
      <div className="govuk-grid-column-two-thirds">
        <h1 className="govuk-heading-l">Support services and staying safe online</h1>
        <p className="govuk-body-l">You do not have to deal with this on your own.</p>
        <p className="govuk-body">
          This page lists free services that can help. It also explains how to keep your visits to this forum private.
        </p>

        <h2 className="govuk-heading-m">If you are in danger now</h2>
        <div className="govuk-warning-text">
          <span className="govuk-warning-text__icon" aria-hidden="true">
            !
          </span>
          <strong className="govuk-warning-text__text">
            <span className="govuk-visually-hidden">Warning</span>
            If you are in danger now, call <Phone number="999" /> and ask for the police.
          </strong>
        </div>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            If you call 999 from a mobile and cannot speak, listen to the operator. When they ask, press 55. This is called the
            Silent Solution. It tells them you need the police.
          </li>
          <li>If you call 999 from a landline and cannot speak, stay on the line. The operator will listen for signs that you need help.</li>
          <li>
            If you are deaf, hard of hearing or cannot speak, you can text 999. You need to register with emergencySMS first. To
            register, text the word &ldquo;register&rdquo; to 999, then follow the instructions in the reply. Do this before you
            need it.
          </li>
          <li>
            If it is not an emergency, call the police on <Phone number="101" />. If you use a textphone, call{" "}
            <Phone number="18001 101" />.
          </li>
        </ul>

        <h2 className="govuk-heading-m">Support services</h2>
        <p className="govuk-body">These services are free and confidential. You can contact them even if you have not told the police.</p>
        <p className="govuk-body">
          Calls to numbers starting 0800, 0808 and 116 are free from landlines and mobiles. If you use Relay UK, put 18001 in front of
          the number.
        </p>

        {SUPPORT_SERVICES.map((service) => (
          <Service key={service.name} name={service.name} phone={service.phone}>
            <p className="govuk-body">{service.text}</p>
          </Service>
        ))}

        <div className="govuk-inset-text">
          Calls you make appear in your phone&apos;s list of recent calls. If someone else checks your phone, you may want to delete
          calls to these numbers from that list.
        </div>

        <h2 className="govuk-heading-m">About the Exit this page button</h2>
        <p className="govuk-body">
          There is an &ldquo;Exit this page&rdquo; button at the top of every page on this forum. Use it if someone comes near and you
          do not want them to see this website.
        </p>

        <h3 className="govuk-heading-s">What it does</h3>
        <ul className="govuk-list govuk-list--bullet">
          <li>It quickly covers this page, then opens a neutral website that has nothing to do with crime.</li>
          <li>
            If you use a keyboard, you can press the Shift key 3 times within 5 seconds to do the same thing. The Shift key shortcut
            needs JavaScript to be turned on in your browser. The button works without it.
          </li>
        </ul>

        <h3 className="govuk-heading-s">What it cannot do</h3>
        <ul className="govuk-list govuk-list--bullet">
          <li>It does not delete this website from your browsing history.</li>
          <li>Someone could still press the browser&apos;s back button and see this page again.</li>
          <li>It does not sign you out. Sign out when you have finished, especially on a shared device.</li>
          <li>It does not close other tabs or windows where this website is open.</li>
          <li>It does not delete emails the forum has sent you.</li>
          <li>
            It cannot protect you if someone is watching your device, for example with software that spies on you. If you think this
            is happening, use a device they cannot get to, such as a trusted friend&apos;s phone or a library computer.
          </li>
        </ul>
        <p className="govuk-body">
          Read how to{" "}
          <a className="govuk-link" href="#clear-history">
            clear your browsing history
          </a>
          .
        </p>

        <h2 className="govuk-heading-m" id="clear-history" data-testid="clear-history">
          Clearing your browsing history
        </h2>
        <p className="govuk-body">
          Your browsing history is a list of the websites you have visited. Anyone who uses your device may be able to see it. Your
          browser may also suggest this website when someone starts typing in the address bar.
        </p>
        <p className="govuk-body">
          No button on a website can clear your history for you. Not even the Exit this page button can do it. You need to do it
          yourself, in your browser.
        </p>

        <h3 className="govuk-heading-s">Think before you delete everything</h3>
        <p className="govuk-body">
          If you usually keep your history and it suddenly disappears, someone may notice. It may be safer to delete only the pages
          from this forum and leave everything else.
        </p>

        <h3 className="govuk-heading-s">Steps for your browser</h3>
        <p className="govuk-body">
          Open the section for the browser you use. Menus can change a little when browsers are updated, so the words you see may be
          slightly different.
        </p>

        <BrowserSteps name="Google Chrome">
          <h4 className="govuk-heading-s">Chrome on a computer</h4>
          <ol className="govuk-list govuk-list--number">
            <li>Press Ctrl and H at the same time to open your history. On a Mac, press Command and Y.</li>
            <li>Type the name of this forum in the search box at the top.</li>
            <li>Tick the box next to each page you want to remove.</li>
            <li>Select &ldquo;Delete&rdquo;.</li>
          </ol>
          <h4 className="govuk-heading-s">Chrome on an Android phone or tablet</h4>
          <ol className="govuk-list govuk-list--number">
            <li>Tap the menu (3 dots), then &ldquo;History&rdquo;.</li>
            <li>Find a page from this forum.</li>
            <li>Tap the cross next to it to remove it.</li>
          </ol>
          <h4 className="govuk-heading-s">Chrome on an iPhone or iPad</h4>
          <ol className="govuk-list govuk-list--number">
            <li>Tap the menu (3 dots), then &ldquo;History&rdquo;.</li>
            <li>Tap &ldquo;Edit&rdquo;, then choose the pages from this forum.</li>
            <li>Tap &ldquo;Delete&rdquo;.</li>
          </ol>
          <p className="govuk-body">
            To delete all your history, open the menu and choose &ldquo;Delete browsing data&rdquo;. In older versions this is called
            &ldquo;Clear browsing data&rdquo;.
          </p>
        </BrowserSteps>

        <BrowserSteps name="Microsoft Edge">
          <h4 className="govuk-heading-s">Edge on a computer</h4>
          <ol className="govuk-list govuk-list--number">
            <li>Press Ctrl and H at the same time to open your history.</li>
            <li>Search for the name of this forum.</li>
            <li>Point to a page from this forum and select the cross next to it to delete it.</li>
          </ol>
          <h4 className="govuk-heading-s">Edge on a phone or tablet</h4>
          <ol className="govuk-list govuk-list--number">
            <li>Tap the menu (3 dots or 3 lines), then &ldquo;History&rdquo;.</li>
            <li>Find a page from this forum and delete it.</li>
          </ol>
          <p className="govuk-body">
            To delete all your history on a computer, press Ctrl, Shift and Delete at the same time, then choose what to clear.
          </p>
        </BrowserSteps>

        <BrowserSteps name="Mozilla Firefox">
          <h4 className="govuk-heading-s">Firefox on a computer</h4>
          <ol className="govuk-list govuk-list--number">
            <li>
              Press Ctrl, Shift and H at the same time to open your history. On a Mac, press Command, Shift and H.
            </li>
            <li>Search for the name of this forum.</li>
            <li>Right-click a page from this forum and choose &ldquo;Delete Page&rdquo;.</li>
          </ol>
          <p className="govuk-body">
            To remove every page from this forum at once, right-click one of them and choose &ldquo;Forget About This Site&rdquo;. This
            also signs you out of the forum.
          </p>
          <h4 className="govuk-heading-s">Firefox on a phone or tablet</h4>
          <ol className="govuk-list govuk-list--number">
            <li>Tap the menu (3 dots or 3 lines), then &ldquo;History&rdquo;.</li>
            <li>Find a page from this forum and delete it.</li>
          </ol>
          <p className="govuk-body">
            To delete all your history on a computer, press Ctrl, Shift and Delete at the same time, then choose what to clear.
          </p>
        </BrowserSteps>

        <BrowserSteps name="Safari on an iPhone or iPad">
          <ol className="govuk-list govuk-list--number">
            <li>Open Safari and tap the Bookmarks button. It looks like an open book.</li>
            <li>Tap the History tab. It looks like a clock.</li>
            <li>Find a page from this forum. You can use the search box at the top.</li>
            <li>Swipe left on the page and tap &ldquo;Delete&rdquo;.</li>
          </ol>
          <p className="govuk-body">To delete all your history, tap &ldquo;Clear&rdquo; at the bottom of the History list.</p>
          <p className="govuk-body">
            If you use iCloud, Safari history can be shared between all the Apple devices signed in to the same Apple Account.
          </p>
        </BrowserSteps>

        <BrowserSteps name="Safari on a Mac">
          <ol className="govuk-list govuk-list--number">
            <li>In the menu bar at the top of the screen, choose &ldquo;History&rdquo;, then &ldquo;Show All History&rdquo;.</li>
            <li>Search for the name of this forum.</li>
            <li>Select the pages from this forum, then press the Delete key.</li>
          </ol>
          <p className="govuk-body">
            To delete all your history, choose &ldquo;History&rdquo;, then &ldquo;Clear History&rdquo;.
          </p>
          <p className="govuk-body">
            If you use iCloud, Safari history can be shared between all the Apple devices signed in to the same Apple Account.
          </p>
        </BrowserSteps>

        <BrowserSteps name="Samsung Internet">
          <ol className="govuk-list govuk-list--number">
            <li>Tap the menu (3 lines) at the bottom of the screen.</li>
            <li>Tap &ldquo;History&rdquo;.</li>
            <li>Touch and hold a page from this forum, choose any others, then tap &ldquo;Delete&rdquo;.</li>
          </ol>
          <p className="govuk-body">
            To delete all your history, open the menu, tap &ldquo;Settings&rdquo;, then &ldquo;Personal browsing data&rdquo;, then
            &ldquo;Delete browsing data&rdquo;.
          </p>
        </BrowserSteps>

        <h3 className="govuk-heading-s">Private browsing</h3>
        <p className="govuk-body">
          Most browsers have a private mode. Chrome calls it Incognito. Edge calls it InPrivate. Firefox, Safari and Samsung Internet
          call it private browsing.
        </p>
        <p className="govuk-body">
          When you close all your private windows, the browser does not keep a record of the pages you visited. You will need to sign
          in to the forum again each time.
        </p>
        <p className="govuk-body">Private browsing does not hide everything:</p>
        <ul className="govuk-list govuk-list--bullet">
          <li>it only works once you close every private window or tab</li>
          <li>files you download and bookmarks you save are still kept</li>
          <li>your employer, school or internet provider may still see which websites you visit</li>
          <li>it does not protect you from software that spies on your device</li>
        </ul>

        <h3 className="govuk-heading-s">Emails from the forum</h3>
        <p className="govuk-body">
          The forum sends emails, such as your invitation and updates about your posts. They stay in your inbox. Anyone who can open
          your email can read them.
        </p>
        <ul className="govuk-list govuk-list--bullet">
          <li>You can delete these emails. Then empty your deleted items or bin folder too.</li>
          <li>
            You can turn off each kind of email update in <Link className="govuk-link" to="/account">your account</Link>.
          </li>
          <li>If you can, use an email address that only you can open.</li>
        </ul>

        <h3 className="govuk-heading-s">Shared devices and accounts</h3>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            If you share a phone, tablet or computer, or someone else knows your passcode, they may be able to see what you have
            looked at.
          </li>
          <li>
            If your browser is signed in to an account, such as a Google, Microsoft or Apple account, your history may be copied to
            other devices that use the same account. Check those devices too.
          </li>
          <li>Do not let the browser save your password for this forum on a shared device. Choose &ldquo;Never&rdquo; if it asks.</li>
          <li>If you download a copy of your data from the forum, the file stays in your downloads folder until you delete it.</li>
          <li>Sign out of the forum when you have finished.</li>
        </ul>

        <h2 className="govuk-heading-m">Your privacy on this forum</h2>
        <ul className="govuk-list govuk-list--bullet">
          <li>
            Everyone here uses a display name, not their real name. Choose one that people who know you would not recognise.
          </li>
          <li>
            Only the forum&apos;s administrators can see your email address. Other members cannot see it. Staff from the Met and MOPAC
            cannot see it either.
          </li>
          <li>
            Moderators check every post before anyone else can see it. They can remove details that might identify you or someone
            else.
          </li>
          <li>
            You can ask the moderators for help at any time. For example, if you want something you wrote taken down, or if
            something on the forum has upset you.
          </li>
          <li>
            You can download your data, or delete your account, from <Link className="govuk-link" to="/account">your account</Link>.
          </li>
        </ul>
        <div className="govuk-inset-text">
          The moderators are not an emergency service. They may not see your message straight away. If you are in danger, call 999.
        </div>

        <p className="govuk-body">
          You can also read about <Link className="govuk-link" to="/rights">your rights as a victim of crime</Link>.
        </p>
      </div>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
