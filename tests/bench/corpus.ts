// Realistic post bodies for the benchmark: Markdown of about 450 characters, the way members
// write here (short paragraphs, the odd list, bold, a link or a quote), made deterministically
// from a seed so every run stores the same text.

const OPENINGS = [
  "I reported a burglary last spring and only found out the case was closed when I rang to ask.",
  "When I gave my statement the officer was kind, but after that nobody called for six weeks.",
  "I was told a victim personal statement was optional, and nobody explained what it was for.",
  "My case went to court in the end, and the waiting was harder than the evidence itself.",
  "I had to repeat my story to four different people before anyone wrote it down properly.",
  "The letter telling me the suspect had been released arrived two days after he was out.",
  "Someone from Victim Support rang me within a day, which made a real difference to me.",
  "I asked for updates by email because phone calls at work were impossible for me.",
];

const MIDDLES = [
  "The **Victims' Code** says you should be told about key decisions within five working days. In my case it was nearer five weeks, and only because I chased.",
  "What helped most was a _named contact_. Once I had one person to ring, I stopped feeling like I was starting again every time.",
  "I wrote down every call in a notebook:\n\n- the date and the officer's name\n- what they promised to do\n- whether it happened\n\nIt is grim reading now.",
  "> You will hear from us when there is news.\n\nThat was all I was told, and there was never any news, good or bad.",
  "If anyone else is going through this, the [Victims' Code](https://www.gov.uk/government/publications/the-code-of-practice-for-victims-of-crime) is worth reading. It sets out what you are **entitled** to.",
  "The court had a separate waiting room, but I only learned that on the day. Asking in advance would have saved me a lot of fear.",
];

const CLOSINGS = [
  "Has anyone had a better experience? I would like to know what good looks like.",
  "I am sharing this in case it helps someone feel less alone with it.",
  "I hope the Met reads this and changes how updates are given.",
  "Thank you all for listening. It helps to write it down somewhere safe.",
  "Does anyone know who to ask about this now that the case is closed?",
];

const FILLERS = [
  "It still affects how I feel about reporting anything.",
  "I do not blame any one officer for it.",
  "My family noticed the change in me before I did.",
  "Small things, like being called back when promised, matter a lot.",
  "I kept every letter, in case it was ever needed.",
];

/** A small deterministic PRNG (mulberry32), so the dataset is the same on every run. */
export function prng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(rand: () => number, list: readonly T[]) => list[Math.floor(rand() * list.length)];

/** A post body of about `target` characters of Markdown. */
export function postBody(seed: number, target = 440): string {
  const rand = prng(seed);
  const parts = [pick(rand, OPENINGS), pick(rand, MIDDLES)];
  const closing = pick(rand, CLOSINGS);
  let body = `${parts.join("\n\n")}\n\n${closing}`;
  const fillers = [...FILLERS];
  while (body.length < target - 15 && fillers.length) {
    const [filler] = fillers.splice(Math.floor(rand() * fillers.length), 1);
    parts[0] = `${parts[0]} ${filler}`;
    body = `${parts.join("\n\n")}\n\n${closing}`;
  }
  if (body.length > target + 60) body = parts.join("\n\n");
  return body;
}

const TITLES = [
  "Nobody told me my case had been closed",
  "Getting updates by email instead of phone",
  "Victim personal statements: was yours read out?",
  "Separate waiting rooms at court",
  "Having to repeat my story again and again",
  "Finding out about a release too late",
  "What a named contact changed for me",
  "Support after a burglary",
];

export function threadTitle(n: number): string {
  return `${TITLES[n % TITLES.length]} (${n + 1})`;
}
