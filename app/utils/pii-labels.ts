/**
 * The kinds of identifying detail the detector (pii.ts) reports, their plain-English labels
 * and the helper that splits text into highlighted segments. Kept apart from the detector so
 * that pages which only show findings (the moderators' queue and item pages, the post form's
 * warning) do not carry the detector and its language library in their browser bundle.
 */

export type PiiKind =
  | "email"
  | "phone"
  | "postcode"
  | "crime-reference"
  | "address"
  | "vehicle"
  | "ni-number"
  | "nhs-number"
  | "date-of-birth"
  | "person-name"
  | "social-handle"
  | "bank";

export type PiiFinding = { kind: PiiKind; text: string; start: number; end: number };

export const PII_KINDS: readonly PiiKind[] = [
  "email",
  "phone",
  "postcode",
  "crime-reference",
  "address",
  "vehicle",
  "ni-number",
  "nhs-number",
  "date-of-birth",
  "person-name",
  "social-handle",
  "bank",
];

export const PII_LABELS: Record<PiiKind, string> = {
  email: "an email address",
  phone: "a phone number",
  postcode: "a postcode",
  "crime-reference": "a crime reference number",
  address: "a street address",
  vehicle: "a vehicle registration",
  "ni-number": "a National Insurance number",
  "nhs-number": "an NHS number",
  "date-of-birth": "a date of birth",
  "person-name": "a person's name",
  "social-handle": "a social media name or profile link",
  bank: "bank or card details",
};

/**
 * Splits `text` into plain and flagged segments, in order, for rendering highlights as React
 * elements. Findings that overlap an earlier one or fall outside the text are ignored; empty
 * plain segments are left out, so joining every segment's text gives back `text`.
 */
export function highlightSegments(
  text: string,
  findings: PiiFinding[],
): { text: string; finding?: PiiFinding }[] {
  const segments: { text: string; finding?: PiiFinding }[] = [];
  let position = 0;
  const ordered = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const finding of ordered) {
    if (finding.start < position || finding.end > text.length || finding.end <= finding.start) {
      continue;
    }
    if (finding.start > position) segments.push({ text: text.slice(position, finding.start) });
    segments.push({ text: text.slice(finding.start, finding.end), finding });
    position = finding.end;
  }
  if (position < text.length) segments.push({ text: text.slice(position) });
  return segments;
}
