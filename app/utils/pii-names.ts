/**
 * People's names in free text, for the identifying-details detector (pii.ts).
 *
 * Two sources, combined:
 * - context that says a name follows: a title or police rank ("Mrs Okafor", "DS Patel",
 *   "Inspector Clarke"), a relation ("my ex Daniel", "my neighbour, Gary") or "called",
 *   "named" ("a man called Wayne");
 * - compromise's people detection (`nlp(text).people()`), which knows thousands of forenames
 *   and surnames and tells "April said" from "in April", for names said without context
 *   ("John Smith hit me").
 * Public bodies, courts and places are not people: they are left out, whichever source
 * found them.
 */
import { lazyModule } from "./lazy-module";
import type { PiiFinding } from "./pii-labels";

// compromise (about 5 MB of heap) is loaded at the first text checked, not at start (issue 13).
const compromise = lazyModule<typeof import("compromise").default>("compromise");

const NAME_WORD = String.raw`[A-Z][a-z]+(?:['’-][A-Z]?[a-z]+)*`;
// A second capitalised word is taken as a surname unless it is a word that starts a sentence.
const NAME = String.raw`${NAME_WORD}(?:[ \t]+${NAME_WORD})?`;

const TITLES =
  "Mr|Mrs|Ms|Miss|Mx|Dr|Prof|Professor|Sir|Dame|Lord|Lady|Judge|Councillor|Cllr|" +
  // police ranks, as victims write them
  "PC|WPC|DC|TDC|PS|DS|DI|DCI|DSI|DSU|Supt|Ch\\s*Supt|Sgt|Insp|Inspector|Chief\\s+Inspector|" +
  "Constable|Sergeant|Superintendent|Chief\\s+Superintendent|Commander|Detective(?:\\s+(?:Constable|Sergeant|Inspector|Chief\\s+Inspector|Superintendent))?|Officer|Caseworker";
const TITLED = new RegExp(String.raw`(^|[^\w-])(?:${TITLES})\.?[ \t]+(${NAME})`, "g");

const RELATIONS =
  "ex|ex-partner|ex-husband|ex-wife|ex-boyfriend|ex-girlfriend|son|daughter|stepson|stepdaughter|" +
  "neighbour|neighbor|neighbours|partner|husband|wife|boyfriend|girlfriend|fiancé|fiance|fiancée|" +
  "brother|sister|mum|mother|dad|father|stepdad|stepfather|stepmum|stepmother|uncle|aunt|auntie|" +
  "cousin|nephew|niece|grandson|granddaughter|grandad|grandma|nan|friend|mate|landlord|landlady|" +
  "boss|manager|colleague|carer|abuser|attacker|stalker|flatmate|housemate|child|kid|baby|" +
  "caseworker|FLO|solicitor|social\\s+worker|support\\s+worker|officer|teacher";
const RELATED = new RegExp(
  String.raw`\b(?:[Mm]y|[Hh]er|[Hh]is|[Tt]heir|[Oo]ur|[Yy]our|[Tt]he)[ \t]+(?:(?:older|younger|little|big|eldest|youngest|late|former|new|old)[ \t]+)?(?:${RELATIONS})(?:[ \t]*,)?[ \t]+(?:(?:called|named|is|was)[ \t]+)?(${NAME})`,
  "g",
);
const CALLED = new RegExp(
  String.raw`\b(?:called|named|name\s+is|name's|known\s+as|goes\s+by|nicknamed|calls\s+himself|calls\s+herself)[ \t]+(${NAME})`,
  "g",
);

// Words that follow a title or "called" without being a name.
const NOT_NAMES = new Set(
  ("I Me You He She We They It The A An This That There Then My Your His Her Our Their Who What When " +
    "Where Why How And But Or So If Yes No Not Please Thanks Thank Sorry Hi Hello Dear Sir Madam " +
    "Police Met Officer Officers Constable Sergeant Inspector Detective Court Crown Judge Station " +
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March June July August " +
    "September October November December Christmas Easter Ramadan Eid Diwali God Jesus Allah " +
    "Mum Dad Mother Father Nan Gran Grandma Grandad Auntie Uncle Support Services Service Team " +
    "Safeguarding Unit Office Home Helpline Line Emergency Ambulance Fire Council Housing Court " +
    "London England Britain UK Street Road Avenue Lane").split(" "),
);

// Public bodies, organisations, courts and places: never a person, however they are written.
const PUBLIC_BODIES = [
  "Met",
  "Metropolitan Police",
  "Metropolitan Police Service",
  "Scotland Yard",
  "New Scotland Yard",
  "MOPAC",
  "Mayor's Office for Policing and Crime",
  "Victim Support",
  "Victims' Commissioner",
  "Refuge",
  "Women's Aid",
  "Crown Prosecution Service",
  "CPS",
  "Samaritans",
  "Crimestoppers",
  "Action Fraud",
  "Rape Crisis",
  "Galop",
  "Karma Nirvana",
  "Citizens Advice",
  "Home Office",
  "Old Bailey",
  "Central Criminal Court",
  "IOPC",
  "Independent Office for Police Conduct",
  "NHS",
  "Sadiq Khan", // the Mayor, named in his public role
  "King Charles",
  // shops and firms named after people
  "Marks and Spencer",
  "Marks & Spencer",
  "John Lewis",
  "Sainsbury's",
  "Morrisons",
  "Ted Baker",
  "Harvey Nichols",
];
const PUBLIC_BODY_WORDS = new Set(PUBLIC_BODIES.map((b) => b.toLowerCase()));
const PUBLIC_BODY_IN_TEXT = new RegExp(
  String.raw`\b(?:${[...PUBLIC_BODIES].sort((a, b) => b.length - a.length).map((b) => b.replace(/[.*+?^${}()|[\]\\&]/g, "\\$&")).join("|")})(?![\w'’])`,
  "g",
);

// London boroughs and areas, and other places people name; only dropped when nothing but the
// language library suggested a person (after a rank, "DS Sutton" is a person).
const PLACES = new Set(
  ("Barking Dagenham Barnet Bexley Brent Bromley Camden Croydon Ealing Enfield Greenwich Hackney " +
    "Hammersmith Fulham Haringey Harrow Havering Hillingdon Hounslow Islington Kensington Chelsea " +
    "Kingston Lambeth Lewisham Merton Newham Redbridge Richmond Southwark Sutton Wandsworth " +
    "Westminster Stratford Brixton Peckham Tottenham Walthamstow Ilford Romford Wembley Woolwich " +
    "Shoreditch Bow Whitechapel Dalston Deptford Catford Edmonton Finchley Hendon Kilburn Leyton " +
    "Lewisham Mitcham Morden Norwood Streatham Tooting Uxbridge Wimbledon Acton Chiswick Hampstead " +
    "Holloway Poplar Bethnal Snaresbrook Southwark Isleworth Harrow Wood Green Highbury Charing " +
    "Victoria Paddington Euston Kings Waterloo Clapham Battersea Sydenham Penge Eltham Erith " +
    "Thamesmead Beckton Canning Barking Hornchurch Upminster Chingford Leytonstone Plaistow " +
    "Manchester Birmingham Leeds Liverpool Bristol Glasgow Cardiff Belfast Edinburgh Essex Kent " +
    "Surrey Sussex Hertfordshire Jordan Chelsea Florence Georgia Paris India Jamaica").split(" "),
);

// A name followed by one of these words is an organisation or a place: "Snaresbrook Crown
// Court", "Peabody Trust", "Stratford Police Station", "Kingston Hospital".
const ORGANISATION_NEXT =
  /^(?:['’]s)?[ \t]+(?:Law|Act|Bill|Crown|Magistrates|County|Family|Youth|Court|Courts|Police|Council|Borough|Station|Hospital|Trust|Service|Services|Support|School|College|University|Academy|Prison|Centre|Center|Society|Foundation|Charity|Aid|Advice|Line|Project|Partnership|Commission|Office|Road|Street|Avenue|Lane|Park|Estate|House|Tower|Buildings|Bridge|Market|Square|Green|Common|Hill|Broadway|Library|Church|Mosque|Temple|Gurdwara|Synagogue|Group|Limited|Ltd|Plc|Housing|Homes|Association|Network|Forum|Unit|Team|Bank|Building)\b/;

type Candidate = { text: string; start: number; end: number; context: boolean };

function trimName(text: string, start: number): Candidate | null {
  // Keep the words, drop the punctuation and a possessive around them.
  const lead = /^[^A-Za-z]*/.exec(text)?.[0].length ?? 0;
  let body = text.slice(lead).replace(/[^A-Za-z]+$/, "");
  body = body.replace(/['’]s$/, "");
  // Only the capitalised words are the name: "Sam staff" is Sam.
  const words = body.split(/([ \t]+)/);
  let keep = 0;
  while (keep < words.length && (keep % 2 === 1 || /^[A-Z]/.test(words[keep]))) keep += 1;
  body = words.slice(0, keep).join("").trimEnd();
  if (!body) return null;
  return { text: body, start: start + lead, end: start + lead + body.length, context: false };
}

function isOrganisation(found: Candidate, whole: string, bodies: [number, number][]): boolean {
  if (bodies.some(([start, end]) => found.start < end && start < found.end)) return true;
  const lower = found.text.toLowerCase();
  if (PUBLIC_BODY_WORDS.has(lower)) return true;
  for (const body of PUBLIC_BODY_WORDS) if (lower.endsWith(` ${body}`) || lower.startsWith(`${body} `)) return true;
  if (ORGANISATION_NEXT.test(whole.slice(found.end, found.end + 20))) return true;
  // "the Old Bailey", "the Crown": a person is rarely "the" anyone.
  if (/\bthe[ \t]+$/i.test(whole.slice(Math.max(0, found.start - 5), found.start))) return true;
  return false;
}

/** Drops a second word that is not part of the name ("Daniel Keeps"): sentence words. */
function firstWordsOnly(found: Candidate): Candidate {
  const words = found.text.split(/[ \t]+/);
  if (words.length > 1 && NOT_NAMES.has(words[words.length - 1])) {
    const text = words.slice(0, -1).join(" ");
    return { ...found, text, end: found.start + text.length };
  }
  return found;
}

function fromContext(text: string): Candidate[] {
  const out: Candidate[] = [];
  const add = (m: RegExpMatchArray, name: string) => {
    const start = (m.index ?? 0) + m[0].length - name.length;
    const found = firstWordsOnly({ text: name, start, end: start + name.length, context: true });
    if (NOT_NAMES.has(found.text.split(/[ \t]+/)[0])) return;
    out.push(found);
  };
  for (const m of text.matchAll(TITLED)) {
    const name = m[2];
    // Keep the title with the name: "DS Patel" is what the reader sees.
    const start = (m.index ?? 0) + m[1].length;
    const end = (m.index ?? 0) + m[0].length;
    const shortened = firstWordsOnly({ text: name, start: end - name.length, end, context: true });
    if (NOT_NAMES.has(shortened.text.split(/[ \t]+/)[0])) continue;
    out.push({ text: text.slice(start, shortened.end), start, end: shortened.end, context: true });
  }
  for (const m of text.matchAll(RELATED)) add(m, m[1]);
  for (const m of text.matchAll(CALLED)) add(m, m[1]);
  return out;
}

function fromLanguageModel(text: string): Candidate[] {
  // compromise reads sentences one at a time; its offsets are indices into `text`.
  const people = compromise()(text).people().json({ offset: true }) as { offset: { start: number; length: number } }[];
  const out: Candidate[] = [];
  for (const person of people) {
    const found = trimName(text.slice(person.offset.start, person.offset.start + person.offset.length), person.offset.start);
    if (!found) continue;
    const words = found.text.split(/[ \t]+/);
    // A name starts with a capital; all-capitals words are acronyms (MOPAC, CPS), not names.
    if (!/^[A-Z]/.test(found.text) || words.every((w) => w.length < 2 || /^[A-Z]+$/.test(w))) continue;
    if (words.every((w) => PLACES.has(w) || NOT_NAMES.has(w))) continue;
    // "Moderator Sam" is the site's own pseudonym for a member of staff.
    if (/^Moderator[ \t]/.test(found.text) || /\bModerator[ \t]+$/.test(text.slice(Math.max(0, found.start - 10), found.start))) continue;
    out.push(found);
  }
  return out;
}

/** People's names in `text`, as findings of kind "person-name" (they may overlap). */
export function findPersonNames(text: string): PiiFinding[] {
  if (!/[A-Z]/.test(text)) return [];
  const candidates = [...fromContext(text), ...fromLanguageModel(text)];
  const bodies = [...text.matchAll(PUBLIC_BODY_IN_TEXT)].map((m): [number, number] => [m.index ?? 0, (m.index ?? 0) + m[0].length]);
  return candidates
    .filter((c) => !isOrganisation(c, text, bodies))
    .map((c) => ({ kind: "person-name" as const, text: c.text, start: c.start, end: c.end }));
}
