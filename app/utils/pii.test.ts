import { readFileSync } from "node:fs";
import { detectPii, highlightSegments, isValidNhsNumber, PII_KINDS, PII_LABELS, type PiiFinding, type PiiKind } from "./pii";

/** The findings as [kind, text] pairs, easier to read in a failing assertion. */
function found(text: string): [PiiKind, string][] {
  return detectPii(text).map((finding) => [finding.kind, finding.text]);
}

function expectOnly(text: string, kind: PiiKind, expected: string) {
  expect(found(text)).toEqual([[kind, expected]]);
}

describe("detectPii: email addresses", () => {
  it("finds an address with exact offsets", () => {
    expect(detectPii("Email me at jo.bloggs+vvf@example.co.uk.")).toEqual([
      { kind: "email", text: "jo.bloggs+vvf@example.co.uk", start: 12, end: 39 },
    ]);
  });

  it.each([
    ["plain", "jane@example.com", "jane@example.com"],
    ["in brackets", "(jane_doe@example.org)", "jane_doe@example.org"],
    ["police.uk domain", "my FLO is sam.jones@met.police.uk apparently", "sam.jones@met.police.uk"],
    ["in a Markdown mailto link", "[write to me](mailto:jo@example.com)", "jo@example.com"],
    ["bold", "**jo@example.com**", "jo@example.com"],
    ["inside a URL query", "https://example.com/u?e=jo@example.com", "jo@example.com"],
    ["spelled out with brackets", "jo (at) example (dot) com", "jo (at) example (dot) com"],
    ["with square brackets", "jo.bloggs[at]example.co.uk", "jo.bloggs[at]example.co.uk"],
  ])("finds an address: %s", (_name, text, expected) => {
    expectOnly(text, "email", expected);
  });

  it("finds two addresses in one sentence", () => {
    expect(found("email jo.smith@nhs.net or jane@met.police.uk")).toEqual([
      ["email", "jo.smith@nhs.net"],
      ["email", "jane@met.police.uk"],
    ]);
  });
});

describe("detectPii: UK phone numbers", () => {
  it("finds a mobile with exact offsets", () => {
    expect(detectPii("call 07700 900123 now")).toEqual([
      { kind: "phone", text: "07700 900123", start: 5, end: 17 },
    ]);
  });

  it.each([
    ["mobile without spaces", "07700900123"],
    ["mobile with dashes", "07700-900-123"],
    ["mobile in threes", "07700 900 123"],
    ["mobile oddly grouped", "077 0090 0123"],
    ["mobile with area code in brackets", "(07700) 900123"],
    ["London landline", "020 7946 0958"],
    ["London landline, old style", "0207 946 0958"],
    ["London landline with brackets", "(020) 7946 0958"],
    ["London landline with dashes", "020-7946-0958"],
    ["city landline", "0161 496 0000"],
    ["Bristol landline", "0117 496 0123"],
    ["five-digit area code", "01632 960123"],
    ["generic 01 number", "01234 567890"],
    ["03 number", "0300 123 1212"],
    ["international mobile", "+44 7700 900123"],
    ["international mobile, no spaces", "+447700900123"],
    ["international with trunk zero", "+44 (0)20 7946 0958"],
    ["international with 0044", "0044 20 7946 0958"],
  ])("finds a number: %s", (_name, number) => {
    expectOnly(`You can ring me on ${number} after six.`, "phone", number);
  });

  it("leaves brackets around the whole number out of the finding", () => {
    expect(detectPii("ring (07700 900123)")).toEqual([
      { kind: "phone", text: "07700 900123", start: 6, end: 18 },
    ]);
  });

  it("finds a number after tel: and a label", () => {
    expectOnly("[call](tel:+447700900123)", "phone", "+447700900123");
    expectOnly("Phone: 020-7946-0958", "phone", "020-7946-0958");
  });

  it("stops at the end of the number", () => {
    expectOnly("07700 900123 2019", "phone", "07700 900123");
    expectOnly("+44 20 7946 0958 ext 12", "phone", "+44 20 7946 0958");
    expectOnly("my number is 07700900123.", "phone", "07700900123");
  });

  it("finds two numbers", () => {
    expect(found("07700 900123 or 07700 900456")).toEqual([
      ["phone", "07700 900123"],
      ["phone", "07700 900456"],
    ]);
  });
});

describe("detectPii: postcodes", () => {
  it("finds a postcode with exact offsets", () => {
    expect(detectPii("I live in e1 6an now")).toEqual([
      { kind: "postcode", text: "e1 6an", start: 10, end: 16 },
    ]);
  });

  it.each([
    ["full, with letter in outward code", "SW1A 1AA"],
    ["lower case", "e1 6an"],
    ["no space", "sw1a1aa"],
    ["no space, upper case", "SW1A1AA"],
    ["Manchester", "M1 1AE"],
    ["City of London", "EC1A 1BB"],
    ["two-digit district", "SE18 6HX"],
    ["Birmingham", "B33 8TH"],
    ["Glasgow", "G2 1DU"],
    ["Cardiff", "CF10 1EP"],
    ["Belfast", "BT1 5GS"],
  ])("finds a postcode: %s", (_name, postcode) => {
    expectOnly(`It happened near ${postcode}, by the shops.`, "postcode", postcode);
  });

  it("stops before a full stop", () => {
    expectOnly("Near M1 1AE.", "postcode", "M1 1AE");
  });
});

describe("detectPii: crime reference numbers", () => {
  it("finds the reference itself, not the words before it", () => {
    expect(detectPii("crime reference number 01/123456/24")).toEqual([
      { kind: "crime-reference", text: "01/123456/24", start: 23, end: 35 },
    ]);
    expect(detectPii("CRIS 1234567/23")).toEqual([
      { kind: "crime-reference", text: "1234567/23", start: 5, end: 15 },
    ]);
  });

  it.each([
    ["CRIS", "CRIS 1234567/23", "1234567/23"],
    ["CRIS number", "CRIS number 1234567/23", "1234567/23"],
    ["force/number/year", "crime reference number 01/123456/24", "01/123456/24"],
    ["CAD", "CAD 1234/12Jan", "1234/12Jan"],
    ["CAD with year", "the CAD 4567/03MAR24 was closed", "4567/03MAR24"],
    ["ref:", "ref: 5223456/25", "5223456/25"],
    ["crime ref no:", "crime ref no: AB12345", "AB12345"],
    ["crime number is", "my crime number is 4412345/24", "4412345/24"],
    ["Crime Reference:", "Crime Reference: 6029384/22", "6029384/22"],
    ["police reference", "police reference 2400123456", "2400123456"],
    ["log number", "log number 12345", "12345"],
    ["bare CRIS format", "they gave me 5223456/25 on a card", "5223456/25"],
    ["Action Fraud", "Action Fraud gave me NFRC230512345678", "NFRC230512345678"],
  ])("finds a reference: %s", (_name, text, expected) => {
    expectOnly(text, "crime-reference", expected);
  });

  it("prefers a crime reference over a phone number for the same digits", () => {
    expectOnly("crime reference number is 01234567890", "crime-reference", "01234567890");
  });
});

describe("detectPii: street addresses", () => {
  it("finds an address with exact offsets", () => {
    expect(detectPii("I live at 221B Baker Street.")).toEqual([
      { kind: "address", text: "221B Baker Street", start: 10, end: 27 },
    ]);
  });

  it.each([
    ["simple", "12 Acacia Avenue"],
    ["abbreviated suffix", "12 Mile End Rd"],
    ["abbreviation with full stop", "12a High St."],
    ["range of numbers", "12-14 High Street"],
    ["saint", "14 St Mary's Road"],
    ["flat and number", "Flat 3, 12 Acacia Avenue"],
    ["flat in a named building", "Flat 3 Acacia Court"],
    ["the drive", "3 The Drive"],
    ["close", "7 Meadow Close"],
    ["crescent", "41 Park Crescent"],
    ["gardens", "9 Rose Gardens"],
    ["mews", "2 Stable Mews"],
  ])("finds an address: %s", (_name, address) => {
    expectOnly(`He followed me home to ${address} that night`, "address", address);
  });

  it("reports an address and its postcode separately when they do not overlap", () => {
    expect(detectPii("Flat 3, 12 Acacia Avenue, London SW1A 1AA")).toEqual([
      { kind: "address", text: "Flat 3, 12 Acacia Avenue", start: 0, end: 24 },
      { kind: "postcode", text: "SW1A 1AA", start: 33, end: 41 },
    ]);
  });
});

describe("detectPii: disguised details", () => {
  it.each([
    ["spelled out", "oh seven seven double oh nine oh oh one two three"],
    ["spelled out with zero and triple", "zero seven seven zero zero triple nine one two three"],
    ["digits and words mixed", "07700 nine double oh one two three"],
    ["split by dots", "07700.900.123"],
    ["a dot after every pair", "07.70.09.00.12.3"],
    ["a space after every digit", "0 7 7 0 0 9 0 0 1 2 3"],
    ["plus four four in words", "plus four four seven seven double oh nine double oh one two three"],
  ])("finds a phone number: %s", (_name, number) => {
    expectOnly(`text me on ${number} tonight`, "phone", number);
  });

  it("finds a spelled-out number with exact offsets", () => {
    expect(detectPii("ring oh two oh seven nine four six oh nine five eight.")).toEqual([
      { kind: "phone", text: "oh two oh seven nine four six oh nine five eight", start: 5, end: 53 },
    ]);
  });

  it.each([
    ["hyphenated CRIS", "they gave me 1234567-23 on a card", "1234567-23"],
    ["CRIS with spaced slash", "it was 1234567 / 23 I think", "1234567 / 23"],
    ["hyphenated force/number/year", "crime number 01-123456-24", "01-123456-24"],
  ])("finds a crime reference: %s", (_name, text, expected) => {
    expectOnly(text, "crime-reference", expected);
  });

  it.each([
    ["dot and at as words", "write to jane dot doe at gmail dot com please", "jane dot doe at gmail dot com"],
    ["at as a word, real domain", "it's jane_doe at hotmail.co.uk", "jane_doe at hotmail.co.uk"],
    ["spaces around @", "jane.doe @ gmail.com is me", "jane.doe @ gmail.com"],
    ["space after @ and around dot", "jane.doe@ gmail . com", "jane.doe@ gmail . com"],
    ["@ in brackets", "jane.doe (@) outlook (dot) com", "jane.doe (@) outlook (dot) com"],
  ])("finds an email: %s", (_name, text, expected) => {
    expectOnly(text, "email", expected);
  });

  it.each([
    ["a flat in a named building, then the street", "Flat 12 Peabody Buildings, Cable Street"],
    ["a numbered house in a named building", "14 Burdett House"],
    ["a flat and a tower", "Flat 7, Grenfell Tower"],
  ])("finds an address without a house number first: %s", (_name, address) => {
    expectOnly(`He came to ${address} again`, "address", address);
  });

  it("finds a street said to be where someone lives", () => {
    expectOnly("She lives on Cable Street with her kids", "address", "Cable Street");
    expectOnly("my address is Peabody Buildings", "address", "Peabody Buildings");
  });

  it.each([
    ["a road number and a time", "stuck on the M25 near junction 27 at 07.30"],
    ["a decimal with dots", "it cost 1.07700900123 pence"],
    ["a date with dots and a time", "on 01.02.2023 10.30 he came back"],
    ["counting in words", "one two three four five six seven eight nine"],
    ["oh as a word", "oh no, oh dear, oh well"],
    ["a shop with at", "I ordered at tesco.com last week"],
    ["at before a place", "I met him at Stratford station, near the shops"],
    ["living in an area", "I live in Finsbury Park"],
    ["a date, not a reference", "on 12-03-2023 it happened"],
  ])("leaves alone: %s", (_name, text) => {
    expect(detectPii(text)).toEqual([]);
  });
});

describe("detectPii: vehicles, NI and NHS numbers, dates of birth, handles, bank details", () => {
  it.each([
    ["vehicle", "a current plate", "a silver Golf AB12 CDE drove off", "AB12 CDE"],
    ["vehicle", "a current plate without a space", "it was LD68XYZ again", "LD68XYZ"],
    ["vehicle", "an older prefix plate", "an old P123 KLM Escort", "P123 KLM"],
    ["vehicle", "a suffix plate", "the van was ABC 123D", "ABC 123D"],
    ["vehicle", "lower case after reg", "reg ab12cde", "ab12cde"],
    ["vehicle", "a dateless plate after number plate", "number plate was XYZ 789", "XYZ 789"],
    ["ni-number", "in pairs", "my NI is AB 12 34 56 C", "AB 12 34 56 C"],
    ["ni-number", "without spaces", "JK123456D is on the letter", "JK123456D"],
    ["ni-number", "without its letter after NI number", "NI number JK123456", "JK123456"],
    ["nhs-number", "grouped 3-3-4", "it's 943 476 5919 on the letter", "943 476 5919"],
    ["nhs-number", "after NHS number, any grouping", "NHS number 9434765919", "9434765919"],
    ["date-of-birth", "after DOB", "DOB 12/03/1985", "12/03/1985"],
    ["date-of-birth", "after born on", "he was born on 3rd March 1990", "3rd March 1990"],
    ["date-of-birth", "after date of birth", "date of birth: 1 Jan 1970", "1 Jan 1970"],
    ["date-of-birth", "in a sentence about birth", "my son, who was born in Whipps Cross on 4 May 2012, saw it", "4 May 2012"],
    ["date-of-birth", "the old must-not-flag case, now a date of birth", "Born 01/02/1990.", "01/02/1990"],
    ["social-handle", "an @handle", "he messages me from @jd_1990 every night", "@jd_1990"],
    ["social-handle", "a profile link", "look at instagram.com/jane.doe.22 for yourself", "instagram.com/jane.doe.22"],
    ["social-handle", "a full profile link", "https://www.facebook.com/jane.doe.123", "https://www.facebook.com/jane.doe.123"],
    ["social-handle", "a name after Snapchat", "my snapchat is jdoe_22", "jdoe_22"],
    ["bank", "a sort code", "sort code 20-00-00", "20-00-00"],
    ["bank", "an account number", "account number 12345678", "12345678"],
    ["bank", "a sort code and account number", "pay 20-00-00 12345678 by Friday", "20-00-00 12345678"],
    ["bank", "an IBAN", "IBAN GB82 WEST 1234 5698 7654 32", "GB82 WEST 1234 5698 7654 32"],
    ["bank", "a card number", "my card 4111 1111 1111 1111 was used", "4111 1111 1111 1111"],
  ] as [PiiKind, string, string, string][])("%s: %s", (kind, _name, text, expected) => {
    expectOnly(text, kind, expected);
  });

  it("checks the NHS number's check digit", () => {
    expect(isValidNhsNumber("9434765919")).toBe(true);
    expect(isValidNhsNumber("9434765918")).toBe(false);
    expect(found("NHS number 943 476 5918")).toEqual([]);
  });

  it.each([
    ["a road and three capitals", "the A406 NOT the M11"],
    ["a form name", "I signed an MG11 statement"],
    ["a bus route", "the N29 bus at night"],
    ["an NI prefix never issued", "GB 12 34 56 A"],
    ["a date without birth", "the hearing was on 12 March 2024"],
    ["a date and a year of an old crime", "It happened on 3 June 1998 and they never charged him."],
    ["a short date", "on 12-03-23 he came back"],
    ["the Met's own account", "follow @metpoliceuk for updates"],
    ["a role", "thanks @moderators"],
    ["a time with @", "meet @5pm"],
    ["Instagram is private", "my instagram is private now"],
    ["an official profile link", "https://twitter.com/metpoliceuk"],
    ["a ten-digit number that fails the NHS check", "ref 943 476 5918"],
    ["a card-like number that fails the Luhn check", "4111 1111 1111 1112"],
  ])("leaves alone: %s", (_name, text) => {
    expect(detectPii(text)).toEqual([]);
  });
});

describe("detectPii: people's names", () => {
  it.each([
    ["a full name", "John Smith hit me outside the shop.", "John Smith"],
    ["a title", "Mrs Okafor next door saw it.", "Mrs Okafor"],
    ["a police rank", "PC Jones was rude to me", "PC Jones"],
    ["a detective's rank", "and DS Patel never called back", "DS Patel"],
    ["a rank in full", "Inspector Clarke said sorry", "Inspector Clarke"],
    ["my ex", "My ex, Daniel, keeps texting me.", "Daniel"],
    ["my son", "my son Tyler was there", "Tyler"],
    ["my neighbour", "my neighbour Gary shouted at me", "Gary"],
    ["called", "a guy called Wayne followed me", "Wayne"],
    ["named", "a woman named Precious Adeyemi", "Precious Adeyemi"],
  ])("finds a name: %s", (_name, text, expected) => {
    expectOnly(text, "person-name", expected);
  });

  it("finds a name with exact offsets", () => {
    expect(detectPii("I told DC Hughes twice")).toEqual([
      { kind: "person-name", text: "DC Hughes", start: 7, end: 16 },
    ]);
  });

  it.each([
    ["the Met and MOPAC", "The Met and MOPAC said nothing."],
    ["Victim Support", "I called Victim Support and they helped."],
    ["Refuge", "Refuge found me a place."],
    ["the Crown Prosecution Service", "The Crown Prosecution Service dropped it."],
    ["a Crown Court", "Snaresbrook Crown Court adjourned again."],
    ["the Old Bailey", "The Old Bailey was full."],
    ["a borough", "I moved from Hackney to Tower Hamlets."],
    ["a month", "I saw him in April."],
    ["a collar number", "PC 1234 was kind."],
    ["the forum's moderator", "Moderator Sam approved it quickly."],
    ["a member's pseudonym", "I agree with Quiet Heron about this."],
  ])("leaves alone: %s", (_name, text) => {
    expect(detectPii(text)).toEqual([]);
  });
});

describe("detectPii: several kinds at once", () => {
  it("finds each detail in a realistic post, sorted by position", () => {
    const post = [
      "I reported it in 2019 (CRIS 1234567/23) and nobody called me back.",
      "If anyone from the Met reads this my number is 07700 900123 or email",
      "jo.bloggs@example.com. I still live at 12 Acacia Avenue, London E1 6AN.",
    ].join("\n");
    expect(found(post)).toEqual([
      ["crime-reference", "1234567/23"],
      ["phone", "07700 900123"],
      ["email", "jo.bloggs@example.com"],
      ["address", "12 Acacia Avenue"],
      ["postcode", "E1 6AN"],
    ]);
    for (const finding of detectPii(post)) {
      expect(post.slice(finding.start, finding.end)).toBe(finding.text);
    }
  });

  it("returns nothing for empty text", () => {
    expect(detectPii("")).toEqual([]);
  });

  it("never returns overlapping findings", () => {
    const text = "ref: 07700900123 at 12 High Street SW1A 1AA jo@sw1a1aa.com";
    const findings = detectPii(text);
    for (let i = 1; i < findings.length; i += 1) {
      expect(findings[i].start).toBeGreaterThanOrEqual(findings[i - 1].end);
    }
  });
});

describe("detectPii: must not flag", () => {
  it.each([
    ["a year", "It started in 2019 and went on until 2021."],
    ["a year range", "2019-2020 and the 1990s"],
    ["a date with slashes", "I reported it on 12/03/2023."],
    ["a date with leading zeros", "Reported 01/02/1990."],
    ["an ISO date", "2023-03-12"],
    ["a date in words", "It was on 3 March, a Friday."],
    ["a date and time as digits", "01 02 2023 10 30"],
    ["a time", "The officer arrived at 10:30."],
    ["a 24-hour time", "at 0730 hrs"],
    ["a time range", "between 10:00-12:00"],
    ["money", "They took £1,200 from my account."],
    ["big money", "£1,000,000"],
    ["money with pence", "£07.50"],
    ["an age", "I was 17 when it happened."],
    ["short numbers", "There were 3 of them and 12 witnesses."],
    ["a percentage", "Only 20% of cases reach court."],
    ["a decimal", "1.07700900123"],
    ["999", "Call 999 in an emergency."],
    ["101", "Ring 101 for non-emergencies."],
    ["111", "NHS 111"],
    ["the Samaritans", "Samaritans on 116 123, any time."],
    ["the National Domestic Abuse Helpline", "National Domestic Abuse Helpline: 0808 2000 247"],
    ["Victim Support", "Victim Support: 0808 16 89 111"],
    ["Victim Support, digits spaced oddly", "Victim Support 08 08 16 89 111"],
    ["Crimestoppers", "Crimestoppers on 0800 555 111"],
    ["Action Fraud", "Action Fraud on 0300 123 2040"],
    ["road safety", "Road safety is a big issue here."],
    ["the street", "He shouted at me in the street."],
    ["a lower-case street name", "somewhere on the high street"],
    ["Section 47", "They used Section 47 powers."],
    ["an Act and year", "section 47 of the Children Act 1989"],
    ["Article 8", "My Article 8 rights were ignored."],
    ["a gov.uk URL", "See https://www.gov.uk/report-crime/01234567890 for details."],
    ["a charity URL", "see www.victimsupport.org.uk/help/123456"],
    ["a police URL", "https://www.met.police.uk/ro/report/ocr/af/how-to-report-a-crime/"],
    ["a collar number", "PC 1234 was kind."],
    ["a shoulder number with letters", "PC 123AB took my statement."],
    ["a road number", "on the A406 near the roundabout"],
    ["a motorway and a time", "stuck on the M25 at 5am"],
    ["an ordinal after a road", "the A1 1st junction"],
    ["an ordinal that looks like a postcode", "w1 2nd floor"],
    ["a school year", "Y7 4th form"],
    ["a year before a famous street", "In 2019 Oxford Street was busy."],
    ["court hearings", "There were 3 Crown Court hearings."],
    ["magistrates", "I went to 2 Magistrates Court dates."],
    ["a walk", "It is a 5 Minute Walk from the station."],
    ["title case without a suffix", "Top 10 Things The Police Should Know"],
    ["a plural suffix", "Top 10 Hill Walks"],
    ["case no one", "In my case no one listened."],
    ["a short reference", "ref 12"],
    ["a reference that is a year", "Ref: 2023"],
    ["reference followed by words", "reference: the leaflet they gave me"],
    ["crime number too short", "crime number 5"],
    ["the word at in brackets", "Meet me at The Crown (at) Bow."],
    ["a bus route", "bus 07 to 19"],
    ["a score", "score 0-1"],
    ["a number glued to money", "£07700900123"],
    ["an @ mention", "thanks @moderator"],
    ["an email-like word without a domain", "name@localhost"],
    ["a cad", "He was a cad 1234 times over"],
    ["Covid-19", "during Covid-19 lockdown"],
    ["a version number", "version 2.0.1"],
  ])("%s", (_name, text) => {
    expect(detectPii(text)).toEqual([]);
  });
});

describe("detectPii: safe to run on every keystroke in any browser", () => {
  it.each([
    ["one long word", "a".repeat(50_000)],
    ["a long run of digits", "0".repeat(50_000)],
    ["spaced zeros", "0 ".repeat(25_000)],
    ["dots", "a.".repeat(25_000)],
    ["an @ then a long domain", `a@${"b.".repeat(25_000)}`],
    ["dashes", "0-".repeat(25_000)],
    ["brackets", "(0".repeat(25_000)],
    ["capitalised words", `1 ${"Abc ".repeat(12_000)}`],
    ["references", "ref: ".repeat(10_000)],
    ["a long ordinary post", "I was 17 in 2019, call 07700 900123, 12 Acacia Avenue E1 6AN. ".repeat(800)],
  ])("finishes on %s (a catastrophic pattern would hit the test timeout)", (_name, text) => {
    const findings = detectPii(text);
    // Every finding lies inside the text and reads what it says it found.
    for (const f of findings) expect(text.slice(f.start, f.end)).toBe(f.text);
  });

  it("uses no lookbehind, which older Safari cannot parse", () => {
    const source = readFileSync(new URL("./pii.ts", import.meta.url), "utf8")
      .replace(/\/\*[\s\S]*?\*\//g, "")
      .replace(/^\s*\/\/.*$/gm, "");
    expect(source).not.toMatch(/\(\?<[!=]/);
  });
});

describe("PII_LABELS", () => {
  it("names every kind the check finds, each differently, in words a member reads after \"looks like\"", () => {
    expect(Object.keys(PII_LABELS).sort()).toEqual([...PII_KINDS].sort());
    const labels = Object.values(PII_LABELS);
    expect(new Set(labels).size).toBe(labels.length);
    for (const [kind, label] of Object.entries(PII_LABELS)) {
      // Plain words, never the kind's code ("ni-number", "date-of-birth").
      expect(label, kind).not.toMatch(/-/);
      expect(label, kind).toMatch(/^(a|an) [a-zA-Z' ]+$|^bank or card details$/);
    }
  });
});

describe("highlightSegments", () => {
  it("splits text into plain and flagged parts", () => {
    const text = "Call 07700 900123 or write to jo@example.com.";
    const findings = detectPii(text);
    expect(highlightSegments(text, findings)).toEqual([
      { text: "Call " },
      { text: "07700 900123", finding: findings[0] },
      { text: " or write to " },
      { text: "jo@example.com", finding: findings[1] },
      { text: "." },
    ]);
  });

  it("joins back to the original text", () => {
    const text = "CRIS 1234567/23, 12 Acacia Avenue E1 6AN, +44 7700 900123";
    const segments = highlightSegments(text, detectPii(text));
    expect(segments.map((s) => s.text).join("")).toBe(text);
    expect(segments.filter((s) => s.finding)).toHaveLength(4);
  });

  it("handles findings at the very start and end", () => {
    const text = "jo@example.com";
    const findings = detectPii(text);
    expect(highlightSegments(text, findings)).toEqual([{ text, finding: findings[0] }]);
  });

  it("returns the whole text as one plain segment when nothing is found", () => {
    expect(highlightSegments("nothing to see", [])).toEqual([{ text: "nothing to see" }]);
  });

  it("returns no segments for empty text", () => {
    expect(highlightSegments("", [])).toEqual([]);
  });

  it("accepts findings in any order and ignores overlapping or out-of-range ones", () => {
    const text = "abcdefghij";
    const a: PiiFinding = { kind: "email", text: "cde", start: 2, end: 5 };
    const overlapping: PiiFinding = { kind: "phone", text: "def", start: 3, end: 6 };
    const b: PiiFinding = { kind: "postcode", text: "hi", start: 7, end: 9 };
    const outside: PiiFinding = { kind: "address", text: "?", start: 9, end: 40 };
    expect(highlightSegments(text, [b, outside, overlapping, a])).toEqual([
      { text: "ab" },
      { text: "cde", finding: a },
      { text: "fg" },
      { text: "hi", finding: b },
      { text: "j" },
    ]);
  });
});
