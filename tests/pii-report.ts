// `npm run pii:report`: scores the identifying-details detector on its corpus
// (app/utils/pii.corpus.txt, which its unit test holds to recall >= 95% and false alarms
// <= 5% per kind) and on the held-out cases (app/utils/pii.holdout.txt, never used to tune it),
// and prints each table per kind with every miss and false alarm underneath.
import { fileURLToPath } from "node:url";
import { formatScore, readCorpus, scoreCorpus } from "./support/pii-corpus";

const HOLDOUT_PATH = fileURLToPath(new URL("../app/utils/pii.holdout.txt", import.meta.url));

for (const [title, cases] of [
  ["Corpus (app/utils/pii.corpus.txt)", readCorpus()],
  ["Held out (app/utils/pii.holdout.txt)", readCorpus(HOLDOUT_PATH)],
] as const) {
  const score = scoreCorpus(cases);
  console.log(`\n## ${title}\n`);
  console.log(formatScore(score));
  for (const m of score.misses) console.log(`missed ${m.kind} on line ${m.line}: ${m.text}  → found ${JSON.stringify(m.found)}`);
  for (const a of score.alarms) console.log(`false alarm ${a.kind} on line ${a.line}: ${a.text}  → found ${JSON.stringify(a.found)}`);
}
