// A display name is a pseudonym: the only name other people see. It must not give away who
// someone is (no email address, phone number or other identifying detail), and a member's name
// must not pass for staff. One home for these rules: joining, a moderator's rename and the
// checks in tests all call them.
import { detectPii, PII_LABELS } from "./pii";

export const DISPLAY_NAME_MIN = 3;
export const DISPLAY_NAME_MAX = 40;

export function displayNameProblem(raw: string): string | null {
  const name = raw.trim();
  if (name.length < DISPLAY_NAME_MIN) return `Display name must be at least ${DISPLAY_NAME_MIN} characters`;
  if (name.length > DISPLAY_NAME_MAX) return `Display name must be ${DISPLAY_NAME_MAX} characters or fewer`;
  if (/@/.test(name) || /\S+\.\S+@|\b[\w.+-]+\s*(at)\s*[\w-]+\s*(dot)\s*\w+/i.test(name)) {
    return "Display name must not be an email address";
  }
  if (/[^\p{L}\p{N} ._'-]/u.test(name)) {
    return "Display name can only use letters, numbers, spaces, full stops, hyphens, apostrophes and underscores";
  }
  const digits = name.replace(/\D/g, "");
  if (digits.length >= 7) return "Display name must not be a phone number or contain a long number";
  // A forename on its own ("Renée", "Grace") is a pseudonym like any other and identifies no
  // one; a full name or a name with a title ("Daniel Hughes", "Mrs Okafor") might. Other kinds
  // come first, so "Jo SW1A 1AA" is refused for its postcode.
  const findings = detectPii(name).filter((f) => f.kind !== "person-name" || /\s/.test(f.text));
  const finding = findings.find((f) => f.kind !== "person-name") ?? findings[0];
  if (finding) return `Display name must not contain identifying details: it looks like it contains ${PII_LABELS[finding.kind].toLowerCase()}`;
  return null;
}

// Words that would make a member's name read as staff, or as the platform speaking. Compared as
// whole words after undoing common digit-for-letter swaps ("M0derator", "4dmin").
const STAFF_WORDS = [
  "moderator", "moderators", "mod", "mods", "admin", "admins", "administrator", "administrators", "staff", "met", "mopac",
  "police", "officer", "official", "facilitator", "responder", "team", "support", "forum", "system", "former member",
];
const SWAPS: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s" };

/**
 * Why a member may not use this name because it looks like staff ("Moderator Sam", "Admin",
 * "Met Liaison", "Jo (staff)"), or null. Staff accounts are named by administrators and exempt.
 */
export function staffLookalikeProblem(raw: string): string | null {
  const plain = ` ${raw.toLowerCase().replace(/[0-9@$]/g, (c) => SWAPS[c] ?? c).replace(/[^\p{L}]+/gu, " ")} `;
  const word = STAFF_WORDS.find((w) => plain.includes(` ${w} `));
  if (!word) return null;
  return `Display name must not look like a member of staff or the forum itself: choose a name without the word "${word}"`;
}

export function normaliseDisplayName(raw: string): string {
  return raw.trim().replace(/\s+/g, " ");
}
