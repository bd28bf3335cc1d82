/**
 * Spots likely identifying details in a post's Markdown before it is published, so the author
 * can be warned and moderators see them highlighted. It is a hint, not a gate: it prefers to
 * miss an unusual format over nagging people about dates, times, money and helpline numbers.
 *
 * Pure and dependency-free: it runs in the browser (live warning while typing) and on the
 * server (review queue highlights).
 *
 * Overlaps: every detector runs on the whole text, then candidates are taken longest first
 * (ties: the more specific kind, in KIND_PRIORITY order) and any candidate that overlaps one
 * already taken is dropped. So "Flat 3, 12 Acacia Avenue" is one address, a number introduced
 * as a crime reference is a crime reference rather than a phone number, and an address followed
 * by its postcode is reported as two findings because the two do not overlap.
 */

export type PiiKind = "email" | "phone" | "postcode" | "crime-reference" | "address";

export type PiiFinding = { kind: PiiKind; text: string; start: number; end: number };

export const PII_LABELS: Record<PiiKind, string> = {
  email: "an email address",
  phone: "a phone number",
  postcode: "a postcode",
  "crime-reference": "a crime reference number",
  address: "a street address",
};

/** Breaks ties between overlapping candidates of equal length: earlier wins. */
const KIND_PRIORITY: PiiKind[] = ["email", "crime-reference", "phone", "postcode", "address"];

/**
 * Public numbers the site itself shows, or that members quote when pointing each other to
 * help. Written as national digits. Most of them are freephone 08 numbers, which the phone
 * detector ignores anyway; they are listed so that widening it cannot start flagging them.
 */
export const PUBLIC_HELPLINE_NUMBERS: ReadonlySet<string> = new Set([
  "999",
  "101",
  "111",
  "112",
  "116123", // Samaritans
  "08082000247", // National Domestic Abuse Helpline
  "08081689111", // Victim Support
  "0800555111", // Crimestoppers
  "03001232040", // Action Fraud
  "08085002222", // Rape Crisis
  "08088010327", // Men's Advice Line
  "08009995428", // Galop
  "08005999247", // Karma Nirvana
  "08081689293", // Victims' Information Service
]);

// ---------------------------------------------------------------------------------------------
// Email addresses

const EMAIL =
  /(^|[^\w.%+-])[A-Za-z0-9](?:[A-Za-z0-9._%+-]*[A-Za-z0-9_%+-])?@(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?![\w-])/g;

// "jo.bloggs [at] example [dot] com" and "jo(at)example(dot)co(dot)uk"
const EMAIL_SPELLED_OUT =
  /(^|[^\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]*\s*[[(]\s*at\s*[\])]\s*[A-Za-z0-9-]+(?:(?:\s*[[(]\s*dot\s*[\])]\s*|\.)[A-Za-z0-9-]+)+/gi;

function findEmails(text: string): PiiFinding[] {
  return [
    ...matches(text, EMAIL, "email"),
    ...matches(text, EMAIL_SPELLED_OUT, "email"),
  ];
}

// ---------------------------------------------------------------------------------------------
// UK phone numbers

// Where a number may start: +44, 0044, (0…, or 0… not glued to something before it that
// would make it part of a longer number, a decimal, money, a date or a reference.
const PHONE_START = /(^|[^\w+£$€.,/\\-])(?:\+\s?44|0044|\(0|0)(?=[\d\s()-])/g;
// One more group of digits after an optional space and/or dash; "(0)" after +44 is the
// trunk prefix people write in international form.
const PHONE_GROUP = /[ \t\u00a0]?(?:-[ \t\u00a0]?)?(\(0\)|\(?\d+\)?)/y;
const PHONE_NATIONAL = /^0(?:7\d{9}|1\d{8,9}|2\d{9}|3\d{9})$/;
// "01 02 2023 10" reads as a date and a time, not a phone number.
const PHONE_LOOKS_LIKE_DATE = /^\(?\d{1,2}[ -]\d{1,2}[ -](?:19|20)\d{2}\b/;

function nationalDigits(candidate: string): string {
  const international = /^(?:\+\s?44|0044)/.exec(candidate);
  const rest = international ? candidate.slice(international[0].length) : candidate;
  const digits = rest.replace(/\(0\)/, "").replace(/\D/g, "");
  return international ? `0${digits}` : digits;
}

function findPhones(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  PHONE_START.lastIndex = 0;
  for (let start = PHONE_START.exec(text); start; start = PHONE_START.exec(text)) {
    const begin = start.index + start[1].length;
    const opening = start[0].slice(start[1].length);
    // "+44" and "0044" are a prefix; after "0" or "(0" the digits start at the match itself.
    const international = opening.startsWith("+") || opening === "0044";
    const position = international ? begin + opening.length : begin;

    let best = -1;
    let digits = international ? "0" : "";
    PHONE_GROUP.lastIndex = position;
    for (let group = PHONE_GROUP.exec(text); group; group = PHONE_GROUP.exec(text)) {
      if (group[1] !== "(0)") digits += group[1].replace(/\D/g, "");
      if (digits.length > 11) break;
      if (digits.length >= 10 && PHONE_NATIONAL.test(digits)) best = PHONE_GROUP.lastIndex;
    }
    if (best === -1) continue;

    let from = begin;
    let end = best;
    const candidate = text.slice(begin, end);
    // A bracket we swallowed at the end without its partner belongs to the prose around, and
    // brackets around the whole number ("(07700 900123)") are not part of it.
    if (candidate.endsWith(")") && !candidate.slice(0, -1).includes("(")) end -= 1;
    else if (candidate.startsWith("(") && candidate.indexOf(")") === candidate.length - 1) {
      from += 1;
      end -= 1;
    }
    const next = text.slice(end, end + 2);
    // Glued to letters, a slash or a percent sign: a reference or a measurement, not a phone.
    if (/^[A-Za-z/%]|^[.,:]\d/.test(next)) continue;
    const found = text.slice(from, end);
    if (PHONE_LOOKS_LIKE_DATE.test(found)) continue;
    if (PUBLIC_HELPLINE_NUMBERS.has(nationalDigits(found))) continue;
    findings.push({ kind: "phone", text: found, start: from, end });
    PHONE_START.lastIndex = end;
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// UK postcodes

// Every postcode area in use, so that "Y7 4TH" or "A1 1ST" (not areas) are left alone.
const POSTCODE_AREAS = (
  "AB AL B BA BB BD BF BH BL BN BR BS BT BX CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN " +
  "DT DY E EC EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA " +
  "LD LE LL LN LS LU M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG " +
  "SK SL SM SN SO SP SR SS ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE"
)
  .split(" ")
  .sort((a, b) => b.length - a.length)
  .join("|");

// Outward code, optional space, inward code (a digit and two letters that are never C, I, K,
// M, O or V, which also keeps "5am" out).
const POSTCODE = new RegExp(
  `(^|[^\\w-])(?:(?:${POSTCODE_AREAS})\\d[A-Z\\d]?|GIR)[ \\u00a0]?\\d[ABD-HJLNP-UW-Z]{2}(?![\\w-])`,
  "gi",
);

function findPostcodes(text: string): PiiFinding[] {
  // "the A1 1st" or "w1 2nd" written in lower case are ordinals, not postcodes.
  return matches(text, POSTCODE, "postcode").filter(
    (finding) => !/\d(?:st|nd|rd|th)$/.test(finding.text),
  );
}

// ---------------------------------------------------------------------------------------------
// Crime reference numbers. The finding covers the reference itself, not the words that
// introduce it, so a redaction leaves "my crime reference number is [removed]" readable.

// A reference token: letters, digits, slashes and dashes (how many digits it needs is checked
// in findCrimeReferences).
const REFERENCE_TOKEN = String.raw`[A-Z0-9]+(?:[/-][A-Z0-9]+)*`;

const CRIME_REFERENCE_INTRODUCED = new RegExp(
  String.raw`\b(?:` +
    // "crime reference number", "police ref no.", "incident no.", "CRIS number", "case ref"…
    String.raw`(?:crime|police|incident|occurrence|log|case|CRIS|CAD|report|fraud)\s+(?:ref(?:erence)?|no|num(?:ber)?)\b\.?(?:\s+(?:no\.?|num(?:ber)?)\b\.?)?` +
    // "CRIS" on its own
    String.raw`|CRIS\b` +
    // "ref:", "ref no", "reference number", "ref #"
    String.raw`|ref(?:erence)?(?:\s*[:#]|\s+(?:no\b\.?|num(?:ber)?\b))` +
    String.raw`)(?:\s*[:#.-])?\s*(?:(?:is|was)\s+)?(?:[:#]\s*)?(` +
    REFERENCE_TOKEN +
    String.raw`)`,
  "gi",
);

// Formats recognisable without an introduction.
const CRIME_REFERENCE_FORMATS: RegExp[] = [
  // CRIS: seven digits / two-digit year, e.g. 1234567/23
  /(^|[^\w/])\d{7}\/\d{2}(?![\w/])/g,
  // Force / number / year, e.g. 01/123456/24
  /(^|[^\w/])\d{2}\/\d{5,7}\/\d{2}(?![\w/])/g,
  // Action Fraud, e.g. NFRC230512345678
  /(^|\W)NFRC\d{6,}\b/g,
];

// CAD: number / day and month, e.g. CAD 1234/12Jan or CAD1234/12JAN24. Only with "CAD".
const CAD_REFERENCE =
  /\bCAD\s*(?:ref(?:erence)?|no\.?|num(?:ber)?)?\s*[:#]?\s*(\d{3,5}\s?\/\s?\d{1,2}\s?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*(?:\d{4}|\d{2})?)\b/gi;

function findCrimeReferences(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const match of text.matchAll(CRIME_REFERENCE_INTRODUCED)) {
    const token = match[1];
    const digits = token.replace(/\D/g, "").length;
    // "crime number 5" or "case ref 2019" are too short to identify anyone.
    if (digits < 5 && !(digits >= 3 && /[A-Z]/i.test(token) && token.length >= 6)) continue;
    const start = (match.index ?? 0) + match[0].length - token.length;
    findings.push({ kind: "crime-reference", text: token, start, end: start + token.length });
  }
  for (const pattern of CRIME_REFERENCE_FORMATS) {
    findings.push(...matches(text, pattern, "crime-reference"));
  }
  for (const match of text.matchAll(CAD_REFERENCE)) {
    const token = match[1];
    const start = (match.index ?? 0) + match[0].length - token.length;
    findings.push({ kind: "crime-reference", text: token, start, end: start + token.length });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Street addresses: a house number, one to four capitalised words and a street suffix, with an
// optional "Flat 3," in front. Case matters here: "the street" and "Road safety" stay clear.

const STREET_SUFFIX =
  "Road|Rd|Street|St|Avenue|Ave|Lane|Ln|Close|Drive|Dr|Way|Crescent|Cres|Court|Ct|Place|Pl|" +
  "Gardens|Gdns|Grove|Terrace|Square|Sq|Hill|Mews|Walk|Row|Park|Parade|Rise|Green|Vale|Gate";
const CAPITALISED_WORD = String.raw`(?:St\.?|[A-Z][a-z]+(?:['’-][A-Za-z]+)*)`;
const HOUSE_NUMBER = String.raw`\d{1,3}[A-Za-z]?(?:\s?-\s?\d{1,3}[A-Za-z]?)?`;
const ADDRESS = new RegExp(
  String.raw`(^|[^\w£$€.,:/-])(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d{1,4}[A-Za-z]?,?\s+(?:${HOUSE_NUMBER},?\s+)?|${HOUSE_NUMBER},?\s+)` +
    String.raw`(?:${CAPITALISED_WORD}\s+){1,4}(?:${STREET_SUFFIX})\b\.?`,
  "g",
);

// Phrases shaped like an address that are everyday prose in this forum: "3 Crown Court
// hearings", "a 5 Minute Walk".
const NOT_AN_ADDRESS =
  /\b(?:(?:Crown|Magistrates['’]?|County|Family|High|Youth|Supreme|Appeal|Coroner['’]?s|Civil|Criminal)\s+Courts?|(?:Seconds?|Minutes?|Hours?|Days?|Weeks?|Months?|Years?|Miles?)\s+(?:Walk|Drive|Way))\.?$/;

function findAddresses(text: string): PiiFinding[] {
  const found = matches(text, ADDRESS, "address").filter((f) => !NOT_AN_ADDRESS.test(f.text));
  return found.map((finding) =>
    // Keep "St." but not a full stop that ends the sentence after "Road".
    finding.text.endsWith(".") && !/\b(?:St|Rd|Ave|Dr|Ln|Pl|Sq|Ct|Cres|Gdns)\.$/.test(finding.text)
      ? { ...finding, text: finding.text.slice(0, -1), end: finding.end - 1 }
      : finding,
  );
}

// ---------------------------------------------------------------------------------------------
// Web addresses: a number inside a link to a well-known site is not a phone number or a
// reference, so findings other than emails that fall inside a URL are dropped.

const WEB_ADDRESS = /\b(?:https?:\/\/|www\.)[^\s<>()[\]"']+/gi;

/** For each character, 0 outside any web address, otherwise 1 + the address's index. */
function webAddressMap(text: string): Int32Array {
  const map = new Int32Array(text.length);
  let index = 0;
  for (const m of text.matchAll(WEB_ADDRESS)) {
    index += 1;
    map.fill(index, m.index ?? 0, (m.index ?? 0) + m[0].length);
  }
  return map;
}

// ---------------------------------------------------------------------------------------------

/**
 * Every match of a global `pattern` whose group 1 is a one-character "not glued to" prefix,
 * written `(^|[^…])`; the finding starts after it. This stands in for a lookbehind `(?<!…)`,
 * which Safari only understands from 16.4 (an unparseable regex here would stop every script
 * on the page) and which, unlike a plain "not after" check in code, keeps matching linear:
 * the engine never starts a scan in the middle of a long word.
 */
function matches(text: string, pattern: RegExp, kind: PiiKind): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const m of text.matchAll(pattern)) {
    const start = (m.index ?? 0) + m[1].length;
    const found = m[0].slice(m[1].length);
    findings.push({ kind, text: found, start, end: start + found.length });
  }
  return findings;
}

/**
 * Finds likely identifying details in `text`, sorted by where they start and never
 * overlapping. Offsets are UTF-16 indices into `text`, so `text.slice(start, end)` is the
 * finding's text.
 */
export function detectPii(text: string): PiiFinding[] {
  if (!text) return [];
  const webAddresses = webAddressMap(text);
  const insideWebAddress = (f: PiiFinding) =>
    webAddresses[f.start] !== 0 && webAddresses[f.start] === webAddresses[f.end - 1];
  const candidates = [
    ...findEmails(text),
    ...findCrimeReferences(text),
    ...findPhones(text),
    ...findPostcodes(text),
    ...findAddresses(text),
  ].filter((finding) => finding.kind === "email" || !insideWebAddress(finding));

  candidates.sort(
    (a, b) =>
      b.end - b.start - (a.end - a.start) ||
      KIND_PRIORITY.indexOf(a.kind) - KIND_PRIORITY.indexOf(b.kind) ||
      a.start - b.start,
  );
  const kept: PiiFinding[] = [];
  const taken = new Uint8Array(text.length);
  for (const candidate of candidates) {
    if (taken.subarray(candidate.start, candidate.end).some((t) => t === 1)) continue;
    taken.fill(1, candidate.start, candidate.end);
    kept.push(candidate);
  }
  return kept.sort((a, b) => a.start - b.start);
}

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
