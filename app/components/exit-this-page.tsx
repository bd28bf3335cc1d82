// The GOV.UK Design System's Exit this page component. The markup is the Design System's;
// govuk-frontend's script (started in root.tsx) adds the Shift ×3 shortcut and the cover.
// Without JavaScript it is a plain link to the neutral site.
export function ExitThisPage({ href }: { href: string }) {
  return (
    <div className="govuk-exit-this-page" data-module="govuk-exit-this-page">
      <a
        href={href}
        role="button"
        draggable="false"
        className="govuk-button govuk-button--warning govuk-exit-this-page__button govuk-js-exit-this-page-button"
        data-module="govuk-button"
        rel="nofollow noreferrer"
      >
        <span className="govuk-visually-hidden">Emergency</span> Exit this page
      </a>
    </div>
  );
}

/**
 * Pressing Shift three times within 5 seconds leaves for the neutral site, from the moment the
 * HTML arrives: govuk-frontend's handler only exists once its script has loaded (a second or
 * more on a slow phone). Once it has (root.tsx sets `vvfExitReady`), this one stands aside.
 * Inline, with the page's nonce (and its hash for cached pages), so the CSP still holds.
 */
export const EXIT_SHORTCUT_SCRIPT =
  "(function(){var n=0,t;document.addEventListener('keyup',function(e){if(window.vvfExitReady)return;" +
  "if(e.key!=='Shift'){n=0;return;}n++;clearTimeout(t);t=setTimeout(function(){n=0},5000);" +
  "if(n>=3){var a=document.querySelector('.govuk-js-exit-this-page-button');if(a){document.body.style.display='none';window.location.replace(a.href);}}},true);})();";
