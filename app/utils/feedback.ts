// My Met Service's words, shared by the officer's form, the victim's form, the figures and the
// open data: one home for each list.

export const CONTACT_KINDS = ["attended-report", "took-statement", "gave-update", "other"] as const;
export type ContactKind = (typeof CONTACT_KINDS)[number];
export const CONTACT_KIND_LABELS: Record<ContactKind, string> = {
  "attended-report": "Attended a report",
  "took-statement": "Took a statement",
  "gave-update": "Gave an update",
  other: "Other",
};

/** How a link reaches the victim. */
export const LINK_CHANNELS = ["qr", "email", "text"] as const;
export type LinkChannel = (typeof LINK_CHANNELS)[number];
export const LINK_CHANNEL_LABELS: Record<LinkChannel, string> = {
  qr: "Show a QR code on this phone",
  email: "Send by email",
  text: "Send by text message",
};

/** A feedback link works for this many days after it is issued. */
export const FEEDBACK_LINK_DAYS = 14;

/** A UK mobile number, spaces and dashes removed: 07…, +447… or 00447…; returned as +447…. */
export function normaliseUkMobile(value: string): string | null {
  const compact = value.replace(/[\s()-]/g, "");
  const match = compact.match(/^(?:\+44|0044|0)(7\d{9})$/);
  return match ? `+44${match[1]}` : null;
}

export function isContactKind(value: unknown): value is ContactKind {
  return typeof value === "string" && (CONTACT_KINDS as readonly string[]).includes(value);
}

// ---------------------------------------------------------------------------------------------
// The victim's form (/feedback/:token and the leaflets' /feedback/borough/:borough)

export const RATINGS = ["5", "4", "3", "2", "1"] as const;
export const RATING_LABELS: Record<(typeof RATINGS)[number], string> = {
  "5": "5 – Very well",
  "4": "4 – Well",
  "3": "3 – Neither well nor badly",
  "2": "2 – Badly",
  "1": "1 – Very badly",
};

export const YES_PARTLY_NO = ["yes", "partly", "no"] as const;
export type YesPartlyNo = (typeof YES_PARTLY_NO)[number];
export const YES_PARTLY_NO_LABELS: Record<YesPartlyNo, string> = { yes: "Yes", partly: "Partly", no: "No" };

/** The short questions the Met asks every time, beside the rating. */
export const FEEDBACK_QUESTIONS = [
  { name: "keptInformed", question: "Did the officer keep you informed?" },
  { name: "treatedWithRespect", question: "Did the officer treat you with respect?" },
  { name: "toldRights", question: "Did the officer tell you about your rights as a victim?" },
] as const;
export type FeedbackQuestion = (typeof FEEDBACK_QUESTIONS)[number]["name"];

/** How an answer arrived: through a single-use link, or a leaflet's standing QR code. */
export const ANSWER_CHANNELS = ["link", "standing"] as const;
export type AnswerChannel = (typeof ANSWER_CHANNELS)[number];

export const FEEDBACK_COMMENT_MAX = 2_000;
