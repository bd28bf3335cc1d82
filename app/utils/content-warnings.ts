/** The content warnings an author or moderator can set; the body stays collapsed behind them. */
export const CONTENT_WARNINGS = {
  "sexual-violence": "Sexual violence",
  "domestic-abuse": "Domestic abuse",
  violence: "Violence",
  "self-harm": "Self-harm or suicide",
  "child-abuse": "Abuse of children",
  "hate-crime": "Hate crime",
  bereavement: "Bereavement",
} as const;

export type ContentWarning = keyof typeof CONTENT_WARNINGS;

export function isContentWarning(value: string): value is ContentWarning {
  return value in CONTENT_WARNINGS;
}

export function warningLabels(values: readonly string[]): string[] {
  return values.filter(isContentWarning).map((v) => CONTENT_WARNINGS[v]);
}

/** Standard reasons for rejecting a post; the moderator can add their own words too. */
export const REJECTION_REASONS = {
  identifying: "It contains details that could identify you or someone else",
  "live-case": "It could affect an ongoing investigation or court case",
  harmful: "It could cause harm or distress to others in a way the forum cannot support",
  abusive: "It is abusive or discriminatory",
  "off-topic": "It is not about the forum's purpose",
  other: "Another reason (explained below)",
} as const;

export type RejectionReason = keyof typeof REJECTION_REASONS;

const NO_REASON = "The moderators did not give a reason";

/**
 * A rejection as the author (and the audit log) reads it: the canned reason and the moderator's
 * words apart. "Another reason" is only the moderator's words: its label ("explained below")
 * belongs to the moderator's form, not to the author's page or the record.
 */
export function describeRejection(code: string | null | undefined, note: string | null | undefined): { reason: string; note: string | null } {
  const words = note?.trim() || null;
  if (code === "other" || !code) return { reason: words ?? NO_REASON, note: null };
  return { reason: REJECTION_REASONS[code as RejectionReason] ?? NO_REASON, note: words };
}

/** The same in one line: "It is abusive or discriminatory — Please leave out the names." */
export function rejectionText(code: string | null | undefined, note: string | null | undefined): string {
  const { reason, note: words } = describeRejection(code, note);
  return words ? `${reason} — ${words}` : reason;
}
