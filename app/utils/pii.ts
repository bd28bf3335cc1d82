/**
 * Spots likely identifying details in a post's Markdown (and answers, comments, minutes and
 * display names) before it is published, so the author can be warned and moderators see them
 * highlighted. It is a hint, not a gate: it prefers to miss an unusual format over nagging
 * people about dates, times, money, road numbers and helpline numbers.
 *
 * Kinds (pii-labels.ts): emails, UK phones, postcodes, crime references, street addresses,
 * vehicle registrations, National Insurance and NHS numbers, dates of birth, people's names,
 * social media handles and bank details, including disguised forms (numbers spelled out or
 * split by dots, "jane dot doe at gmail dot com", hyphenated references).
 *
 * Pure: no I/O, no clock. Its one dependency, compromise (people's names, pii-names.ts), runs
 * in browsers too, so the detector can run on either side. Today it runs on the server only
 * (post and answer checks, the review queue); pages that show findings import pii-labels.ts,
 * which keeps the detector and compromise (≈ 360 KB minified) out of the browser bundle.
 * A live in-browser warning should load this module with a dynamic import().
 *
 * Its measured recall and false alarms per kind come from pii.corpus.txt (`npm run pii:report`).
 *
 * Overlaps: every detector runs on the whole text, then candidates are taken longest first
 * (ties: the more specific kind, in KIND_PRIORITY order) and any candidate that overlaps one
 * already taken is dropped. So "Flat 3, 12 Acacia Avenue" is one address, a number introduced
 * as a crime reference is a crime reference rather than a phone number, and an address followed
 * by its postcode is reported as two findings because the two do not overlap.
 */

import { type PiiFinding, type PiiKind } from "./pii-labels";
import { findPersonNames } from "./pii-names";

export { highlightSegments, PII_KINDS, PII_LABELS, type PiiFinding, type PiiKind } from "./pii-labels";

/** Breaks ties between overlapping candidates of equal length: earlier wins. */
const KIND_PRIORITY: PiiKind[] = [
  "email",
  "social-handle",
  "crime-reference",
  "bank",
  "nhs-number",
  "ni-number",
  "phone",
  "date-of-birth",
  "vehicle",
  "postcode",
  "address",
  "person-name",
];

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

// Disguised: "jane dot doe at gmail dot com", "jane.doe @ gmail . com", "jane_doe(at)hotmail.co.uk".
// The shape is matched loosely here and checked in findDisguisedEmails: the parts put back
// together must make an address whose last label is a real top-level domain.
const EMAIL_DOT = String.raw`(?:[ \t]*\.[ \t]*|[ \t]+dot[ \t]+|[ \t]*[[(][ \t]*dot[ \t]*[\])][ \t]*)`;
const EMAIL_AT = String.raw`(?:[ \t]*@[ \t]*|[ \t]+at[ \t]+|[ \t]*[[(][ \t]*(?:at|@)[ \t]*[\])][ \t]*)`;
const EMAIL_LABEL = String.raw`[A-Za-z0-9][A-Za-z0-9_%+-]*`;
const EMAIL_DISGUISED = new RegExp(
  String.raw`(^|[^\w.%+-])(${EMAIL_LABEL}(?:${EMAIL_DOT}${EMAIL_LABEL})*)(${EMAIL_AT})(${EMAIL_LABEL}(?:${EMAIL_DOT}${EMAIL_LABEL})+)(?![\w-])`,
  "gi",
);
const TOP_LEVEL_DOMAINS = new Set(
  ("com org net uk gov ac nhs police sch edu io me info biz co eu ie de fr es it nl be pl pt " +
    "us ca au nz in pk ng gh za ro tr app dev email online live mail").split(" "),
);
// With "at" written as a word, the domain must be a well-known mail provider or "dot" must be
// written as a word too, so that "I ordered at tesco.com" stays clear.
const MAIL_PROVIDERS = new Set(
  ("gmail googlemail hotmail outlook live yahoo ymail icloud me mac aol btinternet sky " +
    "virginmedia talktalk protonmail proton gmx mail zoho yandex ntlworld blueyonder tiscali").split(" "),
);

function findDisguisedEmails(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const m of text.matchAll(EMAIL_DISGUISED)) {
    const [whole, prefix, local, at, domain] = m;
    const undotted = (part: string) =>
      part.replace(new RegExp(EMAIL_DOT, "gi"), ".").replace(/\s+/g, "");
    const labels = undotted(domain).toLowerCase().split(".");
    if (!TOP_LEVEL_DOMAINS.has(labels[labels.length - 1])) continue;
    const wordAt = !/[@[(]/.test(at);
    const wordDot = /\bdot\b/i.test(local + domain);
    if (wordAt && !wordDot && !MAIL_PROVIDERS.has(labels[0])) continue;
    // A plain address is found by EMAIL; this one is for the disguised forms.
    if (!wordAt && !wordDot && !/\s/.test(whole.slice(prefix.length)) && !/[[(]/.test(at)) continue;
    // "at" as a word after an ordinary word: keep only the last word before it as the name
    // unless the name itself was written with "dot" ("jane dot doe at …").
    let begin = (m.index ?? 0) + prefix.length;
    let name = local;
    if (wordAt && !/\bdot\b/i.test(local) && /\s/.test(local)) {
      const last = local.split(/\s+/).pop() ?? local;
      begin += local.length - last.length;
      name = last;
    }
    if (!/^[A-Za-z0-9]/.test(undotted(name))) continue;
    const end = (m.index ?? 0) + whole.length;
    findings.push({ kind: "email", text: text.slice(begin, end), start: begin, end });
  }
  return findings;
}

function findEmails(text: string): PiiFinding[] {
  return [
    ...matches(text, EMAIL, "email"),
    ...matches(text, EMAIL_SPELLED_OUT, "email"),
    ...findDisguisedEmails(text),
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

// Numbers in disguise: spelled out ("oh seven seven double oh nine…"), mixed ("07700 nine oh
// oh…"), or split by dots or a space after every digit ("07700.900.123", "0 7 7 0 0 …"). A
// run of digit words and digit groups is read into digits, remembering where each digit
// came from, and any stretch of it that makes a UK number is a phone number.

const DIGIT_WORDS: Record<string, string> = {
  zero: "0", nought: "0", oh: "0", o: "0", one: "1", two: "2", three: "3", four: "4",
  five: "5", six: "6", seven: "7", eight: "8", nine: "9",
};
const NUMBER_TOKEN = String.raw`(?:\d+|(?:double|triple|treble|plus|zero|nought|oh|o|one|two|three|four|five|six|seven|eight|nine)\b)`;
const NUMBER_SEPARATOR = String.raw`[ \t.,-]{1,3}`;
const NUMBER_RUN = new RegExp(
  String.raw`(^|[^\w£$€.,/\\-])\+?${NUMBER_TOKEN}(?:${NUMBER_SEPARATOR}${NUMBER_TOKEN})+`,
  "gi",
);
const NUMBER_TOKEN_AT = new RegExp(String.raw`\+|${NUMBER_TOKEN}`, "gi");

type NumberToken = { start: number; end: number; digits: string; word: boolean; plus: boolean; before: string };

/** Reads a run of digit words and groups into tokens, each knowing its digits. */
function numberTokens(text: string, from: number, to: number): NumberToken[] {
  const tokens: NumberToken[] = [];
  // "double" and "triple" belong to the token after them, which starts where they start.
  let repeat = 1;
  let pending: { start: number; before: string } | null = null;
  let previousEnd = from;
  NUMBER_TOKEN_AT.lastIndex = from;
  for (let m = NUMBER_TOKEN_AT.exec(text); m && m.index < to; m = NUMBER_TOKEN_AT.exec(text)) {
    const word = m[0].toLowerCase();
    const before = text.slice(previousEnd, m.index);
    previousEnd = m.index + m[0].length;
    if (word === "double" || word === "triple" || word === "treble") {
      repeat = word === "double" ? 2 : 3;
      pending ??= { start: m.index, before };
      continue;
    }
    const start = pending?.start ?? m.index;
    const gap = pending?.before ?? before;
    pending = null;
    if (word === "+" || word === "plus") {
      tokens.push({ start, end: previousEnd, digits: "", word: word === "plus", plus: true, before: gap });
    } else {
      const isWord = !/^\d/.test(word);
      const digit = isWord ? DIGIT_WORDS[word] : word;
      const digits = digit.length === 1 ? digit.repeat(repeat) : digit;
      tokens.push({ start, end: previousEnd, digits, word: isWord || repeat > 1, plus: false, before: gap });
    }
    repeat = 1;
  }
  return tokens;
}

// "01.02.2023 10.30": a date and a time.
const LOOSE_DATE = /^(?:0?[1-9]|[12]\d|3[01])[./ -](?:0?[1-9]|1[0-2])[./ -](?:\d{4}|\d{2})\b/;

function findDisguisedPhones(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const run of text.matchAll(NUMBER_RUN)) {
    const runStart = (run.index ?? 0) + run[1].length;
    const runEnd = (run.index ?? 0) + run[0].length;
    const tokens = numberTokens(text, runStart, runEnd);
    for (let i = 0; i < tokens.length; i += 1) {
      // Start only at the run's start or after a plain space: "1.07700900123" is a decimal.
      if (i > 0 && !/^[ \t]+$/.test(tokens[i].before)) continue;
      let digits = "";
      let international = false;
      let best = -1;
      let spelled = false;
      let dotted = false;
      let singles = 0;
      for (let j = i; j < tokens.length; j += 1) {
        const token = tokens[j];
        if (token.plus) {
          if (j !== i) break;
          international = true;
          spelled ||= token.word;
          continue;
        }
        digits += token.digits;
        spelled ||= token.word;
        if (j > i && /\./.test(token.before)) dotted = true;
        if (token.digits.length === 1 && !token.word) singles += 1;
        let national = digits;
        if (international) {
          if (!"44".startsWith(digits.slice(0, 2))) break;
          if (digits.length < 3) continue;
          national = `0${digits.slice(2).replace(/^0/, "")}`;
        } else if (digits.startsWith("44") && spelled) national = `0${digits.slice(2)}`;
        if (national.length > 11) break;
        if (national.length >= 10 && PHONE_NATIONAL.test(national)) best = j;
      }
      if (best === -1) continue;
      // Plain digit groups separated by spaces or dashes are the ordinary phone detector's.
      if (!spelled && !dotted && singles < 6) continue;
      const start = tokens[i].start;
      const end = tokens[best].end;
      const found = text.slice(start, end);
      if (PHONE_LOOKS_LIKE_DATE.test(found) || LOOSE_DATE.test(found)) continue;
      if (/^[.,:]?\d/.test(text.slice(end, end + 2)) && !/^[ \t]/.test(text.slice(end, end + 1))) continue;
      if (PUBLIC_HELPLINE_NUMBERS.has(nationalDigits(found.replace(/[^\d+]/g, "")))) continue;
      findings.push({ kind: "phone", text: found, start, end });
      break;
    }
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
  // CRIS: seven digits / two-digit year, e.g. 1234567/23, 1234567-23, 1234567 / 23
  /(^|[^\w/-])\d{7}(?:[ \t]?\/[ \t]?|-)\d{2}(?![\w/-])/g,
  // Force / number / year, e.g. 01/123456/24 or 01-123456-24
  /(^|[^\w/-])\d{2}(?:\/\d{5,7}\/|-\d{5,7}-)\d{2}(?![\w/-])/g,
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
  "Gardens|Gdns|Grove|Terrace|Square|Sq|Hill|Mews|Walk|Row|Park|Parade|Rise|Green|Vale|Gate|" +
  // buildings and estates, named after a flat number or a house number
  "Buildings|House|Mansions|Estate|Tower|Heights|Lodge|Cottages";
const CAPITALISED_WORD = String.raw`(?:St\.?|[A-Z][a-z]+(?:['’-][A-Za-z]+)*)`;
const HOUSE_NUMBER = String.raw`\d{1,3}[A-Za-z]?(?:\s?-\s?\d{1,3}[A-Za-z]?)?`;
const ADDRESS = new RegExp(
  String.raw`(^|[^\w£$€.,:/-])(?:(?:Flat|Apartment|Apt|Unit|Room)\s+\d{1,4}[A-Za-z]?,?\s+(?:${HOUSE_NUMBER},?\s+)?|${HOUSE_NUMBER},?\s+)` +
    String.raw`(?:${CAPITALISED_WORD}\s+){1,4}(?:${STREET_SUFFIX})\b\.?` +
    // "Flat 12 Peabody Buildings, Cable Street": the street after the building
    String.raw`(?:,[ \t]*(?:${CAPITALISED_WORD}[ \t]+){1,3}(?:${STREET_SUFFIX})\b\.?)?`,
  "g",
);

// No number, but said to be where someone lives: "I live on Cable Street", "her address is
// Peabody Buildings". "live in" names an area ("I live in Finsbury Park") and is left alone.
const ADDRESS_LIVED_AT = new RegExp(
  String.raw`\b(?:live[sd]?|living|stay(?:s|ed|ing)?|address(?:\s+is|:))\s+(?:(?:on|at)\s+)?(?:the\s+)?(` +
    String.raw`(?:${CAPITALISED_WORD}\s+){1,3}(?:${STREET_SUFFIX})\b)`,
  "g",
);

// Phrases shaped like an address that are everyday prose in this forum: "3 Crown Court
// hearings", "a 5 Minute Walk".
const NOT_AN_ADDRESS =
  /\b(?:(?:Crown|Magistrates['’]?|County|Family|High|Youth|Supreme|Appeal|Coroner['’]?s|Civil|Criminal)\s+Courts?|(?:Seconds?|Minutes?|Hours?|Days?|Weeks?|Months?|Years?|Miles?)\s+(?:Walk|Drive|Way))\.?$/;

// Public buildings whose addresses are in the news, not anyone's home.
const PUBLIC_ADDRESSES = /^(?:10 Downing Street|11 Downing Street|169 Union Street|2 Marsham Street|102 Petty France)$/;

function findAddresses(text: string): PiiFinding[] {
  const lived: PiiFinding[] = [];
  for (const m of text.matchAll(ADDRESS_LIVED_AT)) {
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    lived.push({ kind: "address", text: m[1], start, end: start + m[1].length });
  }
  const found = [...matches(text, ADDRESS, "address"), ...lived].filter(
    (f) => !NOT_AN_ADDRESS.test(f.text) && !PUBLIC_ADDRESSES.test(f.text),
  );
  return found.map((finding) =>
    // Keep "St." but not a full stop that ends the sentence after "Road".
    finding.text.endsWith(".") && !/\b(?:St|Rd|Ave|Dr|Ln|Pl|Sq|Ct|Cres|Gdns)\.$/.test(finding.text)
      ? { ...finding, text: finding.text.slice(0, -1), end: finding.end - 1 }
      : finding,
  );
}

// ---------------------------------------------------------------------------------------------
// Vehicle registrations. Current plates (AB12 CDE) are distinctive enough on their own in
// capitals; older ones (A123 BCD, ABC 123D) too unless their letters are an everyday word or
// acronym ("the A406 NOT…"); anything else, including lower case and dateless plates
// ("ABC 123"), only after "reg", "registration" or "number plate".

const PLATE_LETTER = "[A-HJ-PR-Y]";
const PLATE_CURRENT = String.raw`${PLATE_LETTER}{2}\d{2}[ \t]?[A-HJ-PR-Z]{3}`;
const PLATE_PREFIX = String.raw`[A-HJ-NP-Y]\d{1,3}[ \t]?${PLATE_LETTER}{3}`;
const PLATE_SUFFIX = String.raw`${PLATE_LETTER}{3}[ \t]?\d{1,3}[A-HJ-NP-Y]`;
const PLATE_DATELESS = String.raw`(?:[A-Z]{1,3}[ \t]?\d{1,4}|\d{1,4}[ \t]?[A-Z]{1,3})`;
const PLATE_ANY = new RegExp(
  String.raw`(^|[^\w-])(?:${PLATE_CURRENT}|${PLATE_PREFIX}|${PLATE_SUFFIX})(?![\w-])`,
  "g",
);
const PLATE_CONTEXT = new RegExp(
  String.raw`\b(?:(?:vehicle\s+)?reg(?:istration)?(?:\s+(?:number|no\.?|plate|mark))?|number\s*plates?|licen[cs]e\s+plates?|plates?|VRM)` +
    String.raw`\s*(?:[:#-]\s*)?(?:(?:is|was|were|of)\s+)?(` +
    String.raw`(?:${PLATE_CURRENT}|${PLATE_PREFIX}|${PLATE_SUFFIX}|${PLATE_DATELESS}))(?![\w-])`,
  "gi",
);
const PLATE_LETTERS_THAT_ARE_WORDS = new Set(
  ("THE AND FOR NOT BUT WAS ARE YOU HIM HER HIS SHE WHO WHY HOW ALL ANY CAN HAD HAS ONE TWO " +
    "OUT OFF OUR NEW OLD BIG BAD SAD MAD YES RUN BUS CAR VAN WAY DAY END ETA RTA ASB GBH ABH " +
    "CPS NHS MET CID DVA PCS PSO SOS WPC FLO ISVA IDVA TSG ARV CCTV AKA ASAP LOL OMG SEN EHC " +
    "JUN JUL AUG SEP OCT NOV DEC JAN FEB MAR APR MAY AGE").split(" "),
);

function findVehicles(text: string): PiiFinding[] {
  const findings = matches(text, PLATE_ANY, "vehicle").filter((f) => {
    if (new RegExp(`^${PLATE_CURRENT}$`).test(f.text)) return true;
    const letters = f.text.replace(/[^A-Z]/g, "");
    const word = /^[A-Z]\d/.test(f.text) ? letters.slice(1) : letters.slice(0, 3);
    return !PLATE_LETTERS_THAT_ARE_WORDS.has(word);
  });
  for (const m of text.matchAll(PLATE_CONTEXT)) {
    const token = m[1];
    // A dateless plate needs both letters and digits: "reg 2019" is a year.
    if (!/[A-Z]/i.test(token) || !/\d/.test(token)) continue;
    const start = (m.index ?? 0) + m[0].length - token.length;
    findings.push({ kind: "vehicle", text: token, start, end: start + token.length });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// National Insurance numbers: two letters (HMRC's rules for which), six digits often written
// in pairs, and a letter A–D; the letter may be left off after "NI number" or "National
// Insurance".

const NI_PREFIX = "[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]";
const NI_NUMBER = new RegExp(
  String.raw`(^|[^\w-])(${NI_PREFIX})[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}[ \t]?[A-D](?![\w-])`,
  "gi",
);
const NI_INTRODUCED = new RegExp(
  String.raw`\b(?:N\.?I\.?|national\s+insurance)(?:\s+(?:number|no\.?|num))?\s*(?:[:#-]\s*)?(?:(?:is|was)\s+)?` +
    String.raw`(${NI_PREFIX}[ \t]?\d{2}[ \t]?\d{2}[ \t]?\d{2}(?:[ \t]?[A-D])?)(?![\w-])`,
  "gi",
);
const NI_PREFIXES_NEVER_ISSUED = new Set(["BG", "GB", "KN", "NK", "NT", "TN", "ZZ"]);

function findNiNumbers(text: string): PiiFinding[] {
  const findings = matches(text, NI_NUMBER, "ni-number");
  for (const m of text.matchAll(NI_INTRODUCED)) {
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    findings.push({ kind: "ni-number", text: m[1], start, end: start + m[1].length });
  }
  return findings.filter((f) => !NI_PREFIXES_NEVER_ISSUED.has(f.text.slice(0, 2).toUpperCase()));
}

// ---------------------------------------------------------------------------------------------
// NHS numbers: ten digits whose last is a modulus-11 check digit. Written 3-3-4 they are
// found on their own (an English NHS number never starts with 0, a UK phone always does);
// after "NHS number" any grouping counts.

/** The NHS number check: weights 10 down to 2 on the first nine digits. */
export function isValidNhsNumber(digits: string): boolean {
  if (!/^\d{10}$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < 9; i += 1) sum += Number(digits[i]) * (10 - i);
  const check = 11 - (sum % 11);
  if (check === 10) return false;
  return (check === 11 ? 0 : check) === Number(digits[9]);
}

const NHS_GROUPED = /(^|[^\w./£$€-])[1-9]\d{2}([ \t-]?)\d{3}\2\d{4}(?![\w-]|[.,]\d)/g;
const NHS_INTRODUCED =
  /\bNHS\s*(?:number|no\.?|num|#)?\s*(?:[:#-]\s*)?(?:(?:is|was)\s+)?(\d(?:[ \t-]?\d){9})(?![\w-])/gi;

function findNhsNumbers(text: string): PiiFinding[] {
  const findings = matches(text, NHS_GROUPED, "nhs-number");
  for (const m of text.matchAll(NHS_INTRODUCED)) {
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    findings.push({ kind: "nhs-number", text: m[1], start, end: start + m[1].length });
  }
  return findings.filter((f) => isValidNhsNumber(f.text.replace(/\D/g, "")));
}

// ---------------------------------------------------------------------------------------------
// Dates of birth: a date right after "born", "DOB", "date of birth" or "birthday"; or a full
// date with a year someone alive could be born in, in a sentence that speaks of birth or age.
// Other dates (when something happened, a hearing) stay clear.

const MONTH_NAME =
  "Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?";
const DAY = String.raw`(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?`;
/** A day/month/year date; `group` is the number its separator's capture group will have. */
const numericDate = (group: number) =>
  String.raw`(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])` + `\\${group}` + String.raw`(?:\d{4}|\d{2})`;
const WORDED_DATE = String.raw`(?:${DAY}(?:\s+of)?\s+(?:${MONTH_NAME})\.?(?:,?\s+(?:\d{4}|'\d{2}))?|(?:${MONTH_NAME})\.?\s+${DAY}(?:,?\s+\d{4})?)`;
const DOB_INTRODUCED = new RegExp(
  String.raw`\b(?:born(?:\s+on)?|d\.?o\.?b\.?|date\s+of\s+birth|birth\s*date|birthday(?:\s+is)?|b\.)\s*(?:[:#-]\s*)?(?:(?:is|was)\s+)?(?:on\s+)?(?:the\s+)?` +
    String.raw`(${numericDate(2)}|${WORDED_DATE})(?![\w/-])`,
  "gi",
);
const FULL_DATE = new RegExp(
  String.raw`(^|[^\w/.-])(?:${numericDate(2)}|(?:${DAY}(?:\s+of)?\s+(?:${MONTH_NAME})\.?,?\s+\d{4}|(?:${MONTH_NAME})\.?\s+${DAY},?\s+\d{4}))(?![\w/-])`,
  "gi",
);
const BIRTH_WORDS = /\b(?:born|birth|birthday|d\.?o\.?b|aged?)\b/i;

function findDatesOfBirth(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const m of text.matchAll(DOB_INTRODUCED)) {
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    findings.push({ kind: "date-of-birth", text: m[1], start, end: start + m[1].length });
  }
  for (const f of matches(text, FULL_DATE, "date-of-birth")) {
    const year = Number(/(\d{2,4})$/.exec(f.text)?.[1] ?? "0");
    if (year < 1900 || year > 2026) continue;
    // The sentence around it, cut at sentence ends (not at the dots of a date).
    const before = text.slice(Math.max(0, f.start - 80), f.start).split(/[.!?](?:\s|$)|\n/).pop() ?? "";
    const after = text.slice(f.end, f.end + 40).split(/[.!?](?:\s|$)|\n/)[0] ?? "";
    if (BIRTH_WORDS.test(before) || BIRTH_WORDS.test(after)) findings.push(f);
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Social media: an @handle, a profile link to a social network, or a name given after
// "Instagram", "Snapchat", "TikTok"…. Public bodies' own accounts and the forum's roles
// ("@moderator") are not anyone's personal details.

const PUBLIC_HANDLES = new Set(
  ("moderator moderators mod mods admin admins everyone here all team metpoliceuk metpolice " +
    "mopacldn mopac victimsupport refugecharity refuge cpsuk cps mayoroflondon londonvc " +
    "womensaid samaritans crimestoppers actionfrauduk galopuk rapecrisisew homeoffice " +
    "victimscomm policeuk metcc").split(" "),
);
const AT_HANDLE = /(^|[^\w@.+-])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,28}[A-Za-z0-9_])?)(?![\w@-]|\.\w)/g;
const SOCIAL_SITES = String.raw`(?:facebook|fb|instagram|instagr\.am|twitter|x|tiktok|linkedin|snapchat|youtube|threads|reddit|pinterest|twitch|onlyfans|t)\.(?:com|net|me)`;
const PROFILE_LINK = new RegExp(
  String.raw`(^|[^\w.@-])(?:https?:\/\/)?(?:www\.|m\.|mobile\.)?${SOCIAL_SITES}\/(@?[A-Za-z0-9_.-]+)(?:\/[^\s<>()[\]"']*)?`,
  "gi",
);
const SOCIAL_INTRODUCED =
  /\b(?:insta(?:gram)?|IG|twitter|tiktok|tik\s+tok|snapchat|snap\s+(?:name|username)|facebook|FB|telegram|discord|kik|reddit|onlyfans|twitch)(?:\s+(?:handle|name|username|user\s*name|account|profile|id))?\s*(?:is|was|:|as|called)\s*@?([A-Za-z0-9_.]{3,30})(?![\w@])/gi;
// Words people write after "my Instagram is…" that are not a name on it.
const NOT_A_HANDLE = new Set(
  ("private public down gone deleted blocked locked hacked fake new old the a an not still " +
    "full open closed empty off on dead back down there here mine his hers theirs just also " +
    "where what when how why because that this now never always only").split(" "),
);

function findSocialHandles(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const m of text.matchAll(AT_HANDLE)) {
    const handle = m[2].replace(/\.$/, "");
    if (PUBLIC_HANDLES.has(handle.toLowerCase())) continue;
    // "@5pm", "@10" are times and counts.
    if (/^\d+(?:am|pm)?$/i.test(handle) || /^\d{1,2}[.:]\d{2}/.test(handle)) continue;
    // "@example.org" is the end of an email address written apart, not a handle.
    if (/\.(?:com|org|net|uk|gov|test|co|io)$/i.test(handle)) continue;
    const start = (m.index ?? 0) + m[1].length;
    findings.push({ kind: "social-handle", text: `@${handle}`, start, end: start + handle.length + 1 });
  }
  for (const m of text.matchAll(PROFILE_LINK)) {
    const handle = m[2].replace(/^@/, "").toLowerCase();
    if (PUBLIC_HANDLES.has(handle)) continue;
    const start = (m.index ?? 0) + m[1].length;
    let found = m[0].slice(m[1].length);
    // A full stop or comma ending the sentence is not part of the link.
    found = found.replace(/[.,;:!?]+$/, "");
    findings.push({ kind: "social-handle", text: found, start, end: start + found.length });
  }
  for (const m of text.matchAll(SOCIAL_INTRODUCED)) {
    const token = m[1].replace(/\.$/, "");
    if (NOT_A_HANDLE.has(token.toLowerCase()) || PUBLIC_HANDLES.has(token.toLowerCase())) continue;
    const at = m[0].lastIndexOf(m[1]);
    const withAt = m[0][at - 1] === "@";
    const start = (m.index ?? 0) + at - (withAt ? 1 : 0);
    const end = (m.index ?? 0) + at + token.length;
    findings.push({ kind: "social-handle", text: text.slice(start, end), start, end });
  }
  return findings;
}

// ---------------------------------------------------------------------------------------------
// Bank details: a sort code or account number said to be one, a sort code followed by an
// eight-digit account number, an IBAN (its mod-97 check must hold) or a card number (Luhn).
// A bare "12-03-23" is a date and stays clear.

const SORT_CODE_INTRODUCED =
  /\b(?:sort\s*code|s\/c)\s*(?:[:#-]\s*)?(?:(?:is|was)\s+)?(\d{2}[-\s.]?\d{2}[-\s.]?\d{2})(?:[\s,/]+(?:(?:and\s+)?(?:account|acc|a\/c)(?:\s+(?:number|no\.?))?\s*(?:[:#-]\s*)?(?:is\s+)?)?(\d{8}))?(?![\w-])/gi;
const ACCOUNT_INTRODUCED =
  /\b(?:(?:bank\s+)?account\s*(?:number|no\.?|num)|acc(?:ount)?\s*no\.?|a\/c(?:\s*no\.?)?)\s*(?:[:#-]\s*)?(?:(?:is|was)\s+)?(\d{8}|\d{4}[ \t-]\d{4}|\d{7})(?![\w-])/gi;
const SORT_CODE_AND_ACCOUNT = /(^|[^\w./-])\d{2}-\d{2}-\d{2}[ \t]*[,/]?[ \t]*\d{8}(?![\w-])/g;
const IBAN = /(^|[^\w-])[A-Z]{2}\d{2}(?:[ \t]?[A-Z0-9]{4}){2,7}(?:[ \t]?[A-Z0-9]{1,3})?(?![\w-])/g;
const CARD_NUMBER = /(^|[^\w./-])\d{4}([ \t-]?)\d{4}\2\d{4}\2\d{4}(?![\w-]|[.,]\d)/g;

function ibanIsValid(iban: string): boolean {
  const compact = iban.replace(/\s/g, "");
  if (compact.length < 15 || compact.length > 34) return false;
  const rearranged = compact.slice(4) + compact.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const value = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of value) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

function luhnIsValid(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

function findBankDetails(text: string): PiiFinding[] {
  const findings: PiiFinding[] = [];
  for (const m of text.matchAll(SORT_CODE_INTRODUCED)) {
    const at = m[0].indexOf(m[1]);
    const start = (m.index ?? 0) + at;
    const end = (m.index ?? 0) + m[0].length;
    findings.push({ kind: "bank", text: text.slice(start, end), start, end });
  }
  for (const m of text.matchAll(ACCOUNT_INTRODUCED)) {
    const start = (m.index ?? 0) + m[0].length - m[1].length;
    findings.push({ kind: "bank", text: m[1], start, end: start + m[1].length });
  }
  findings.push(...matches(text, SORT_CODE_AND_ACCOUNT, "bank"));
  findings.push(...matches(text, IBAN, "bank").filter((f) => ibanIsValid(f.text)));
  findings.push(...matches(text, CARD_NUMBER, "bank").filter((f) => luhnIsValid(f.text.replace(/\D/g, ""))));
  return findings;
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
    ...findDisguisedPhones(text),
    ...findPostcodes(text),
    ...findAddresses(text),
    ...findVehicles(text),
    ...findNiNumbers(text),
    ...findNhsNumbers(text),
    ...findDatesOfBirth(text),
    ...findSocialHandles(text),
    ...findBankDetails(text),
    ...findPersonNames(text),
  ].filter(
    // A number inside a link is part of the link; an email or a profile link is the finding.
    (finding) => finding.kind === "email" || finding.kind === "social-handle" || !insideWebAddress(finding),
  );

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
