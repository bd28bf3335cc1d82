// An officer asks a victim for feedback after a contact, on their phone: the date, the kind
// of contact, and how the link reaches the victim — a large QR code shown at once, an email or
// a text message. Works without JavaScript; the address fields are plain fields beside the choice.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { parseWithZod, readForm } from "~/services/forms.server";
import { z } from "zod";
import { ErrorPage } from "~/components/error-page";
import { Button, Choices, ErrorSummary, SuccessBanner, TextInput } from "~/components/forms";
import { issueFeedbackLink } from "~/models/feedback/links.server";
import { refusalOf } from "~/services/http.server";
import { qrSvg } from "~/services/qr.server";
import { requirePermission } from "~/services/session.server";
import { CONTACT_KIND_LABELS, CONTACT_KINDS, FEEDBACK_LINK_DAYS, LINK_CHANNEL_LABELS, LINK_CHANNELS } from "~/utils/feedback";
import { londonDate } from "~/utils/london-clock";
import { formatLondonDate } from "~/utils/london-time";

export const meta: MetaFunction = () => [{ title: "Ask for feedback – My Met Service" }, { name: "robots", content: "noindex" }];

const schema = z.object({
  contactDate: z.string({ required_error: "Enter the date of the contact" }).trim(),
  contactKind: z.enum(CONTACT_KINDS, { errorMap: () => ({ message: "Choose the kind of contact" }) }),
  channel: z.enum(LINK_CHANNELS, { errorMap: () => ({ message: "Choose how the victim gets the link" }) }),
  email: z.string().trim().max(254, "The email address must be 254 characters or fewer").optional(),
  phone: z.string().trim().max(30, "Enter a UK mobile number, like 07700 900 982").optional(),
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "feedback:request");
  const sent = new URL(request.url).searchParams.get("sent");
  return { today: londonDate(new Date()), sent: sent === "email" || sent === "text" ? sent : null, linkDays: FEEDBACK_LINK_DAYS };
}

export async function action({ request }: ActionFunctionArgs) {
  const officer = await requirePermission(request, "feedback:request");
  const submission = parseWithZod(await readForm(request), { schema });
  if (submission.status !== "success") return data({ result: submission.reply(), issued: null }, { status: 400 });
  const { channel, email, phone, ...contact } = submission.value;
  try {
    const { url, link } = await issueFeedbackLink(officer, { ...contact, channel, address: channel === "email" ? email : channel === "text" ? phone : null });
    if (channel !== "qr") return redirect(`/officer/feedback/new?sent=${channel}`);
    // Shown once, now: only the token's hash is kept, so this page cannot be shown again.
    return data(
      { result: null, issued: { url, svg: await qrSvg(url, "QR code of the feedback link"), expires: formatLondonDate(link.expiresAt) } },
      { headers: { "Cache-Control": "private, no-store" } },
    );
  } catch (err) {
    const refusal = refusalOf(err);
    return data({ result: submission.reply(refusal.reply), issued: null }, { status: refusal.status });
  }
}

export default function AskForFeedback() {
  const { today, sent, linkDays } = useLoaderData<typeof loader>();
  const acted = useActionData<typeof action>();
  if (acted?.issued) {
    const { url, svg, expires } = acted.issued;
    return (
      <>
        <h1 className="govuk-heading-l">Show this to the victim</h1>
        <p className="govuk-body">They scan it with their phone&apos;s camera. The link works once, until {expires}.</p>
        {/* Made on the server by the qrcode package from our own link: no user text in it. */}
        <div className="vvf-qr" data-testid="feedback-qr" dangerouslySetInnerHTML={{ __html: svg }} />
        <p className="govuk-body">Or they can type this address:</p>
        <p className="govuk-body govuk-!-font-weight-bold govuk-!-text-break-word" data-testid="feedback-url">
          {url}
        </p>
        <p className="govuk-body">
          <Link className="govuk-link" to="/officer/feedback/new">
            Ask someone else for feedback
          </Link>
        </p>
      </>
    );
  }
  const result = acted?.result;
  return (
    <>
      {sent && !acted ? (
        <SuccessBanner>
          {sent === "email" ? "The email is on its way." : "The text message is on its way."} The address is deleted once it has been sent.
        </SuccessBanner>
      ) : null}
      <ErrorSummary result={result} fieldOrder={["", "contactDate", "contactKind", "channel", "email", "phone"]} />
      <span className="govuk-caption-l">My Met Service</span>
      <h1 className="govuk-heading-l">Ask for feedback</h1>
      <p className="govuk-body">The victim gets a link that works once, for {linkDays} days. Their answer is anonymous.</p>
      <Form method="post" noValidate>
        <TextInput name="contactDate" label="Date of the contact" type="date" defaultValue={today} result={result} />
        <Choices
          type="radio"
          name="contactKind"
          legend="What did you do?"
          options={CONTACT_KINDS.map((k) => ({ value: k, label: CONTACT_KIND_LABELS[k] }))}
          result={result}
        />
        <Choices
          type="radio"
          name="channel"
          legend="How will they get the link?"
          options={LINK_CHANNELS.map((c) => ({ value: c, label: LINK_CHANNEL_LABELS[c] }))}
          defaultValue={["qr"]}
          result={result}
        />
        <TextInput
          name="email"
          label="Their email address (if sending by email)"
          type="email"
          autoComplete="off"
          spellCheck={false}
          hint="Used once to send the link, then deleted."
          result={result}
        />
        <TextInput name="phone" label="Their mobile number (if sending by text)" type="tel" autoComplete="off" hint="Used once to send the link, then deleted." result={result} />
        <Button>Get the link</Button>
      </Form>
    </>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
