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
