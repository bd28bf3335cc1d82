// Scores the identifying-details detector on its corpus (app/utils/pii.corpus.txt): for each
// kind, recall (of the lines that carry the kind, how many it was found in) and false alarms
// (of the lines that do not carry it, how many it was reported in), and the share of its
// reports that were wrong. Used by app/utils/pii.corpus.test.ts and `npm run pii:report`.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { detectPii, PII_KINDS, type PiiFinding, type PiiKind } from "../../app/utils/pii";

export const CORPUS_PATH = fileURLToPath(new URL("../../app/utils/pii.corpus.txt", import.meta.url));

export type CorpusLine = { line: number; kinds: PiiKind[]; text: string };

export function readCorpus(path = CORPUS_PATH): CorpusLine[] {
  const cases: CorpusLine[] = [];
  readFileSync(path, "utf8")
    .split("\n")
    .forEach((raw, index) => {
      if (!raw.trim() || raw.startsWith("#")) return;
      const bar = raw.indexOf(" | ");
      if (bar === -1) throw new Error(`pii.corpus.txt line ${index + 1}: expected "kinds | text"`);
      const label = raw.slice(0, bar).trim();
      const kinds = label === "-" ? [] : label.split(",").map((k) => k.trim());
      for (const kind of kinds) {
        if (!(PII_KINDS as readonly string[]).includes(kind)) throw new Error(`pii.corpus.txt line ${index + 1}: unknown kind "${kind}"`);
      }
      cases.push({ line: index + 1, kinds: kinds as PiiKind[], text: raw.slice(bar + 3) });
    });
  return cases;
}

export type KindScore = {
  kind: PiiKind;
  /** Lines that carry the kind, and those of them where it was found. */
  positives: number;
  found: number;
  /** Lines that do not carry the kind, and those of them where it was reported anyway. */
  negatives: number;
  falseAlarms: number;
  recall: number;
  falseAlarmRate: number;
  /** Of the lines where the kind was reported, the share that do not carry it. */
  wrongShare: number;
};

export type CorpusScore = {
  lines: number;
  cleanLines: number;
  cleanLinesFlagged: number;
  kinds: KindScore[];
  misses: { line: number; kind: PiiKind; text: string; found: [PiiKind, string][] }[];
  alarms: { line: number; kind: PiiKind; text: string; found: [PiiKind, string][] }[];
};

export function scoreCorpus(cases: CorpusLine[] = readCorpus(), detect: (text: string) => PiiFinding[] = detectPii): CorpusScore {
  const results = cases.map((c) => ({ ...c, findings: detect(c.text) }));
  const misses: CorpusScore["misses"] = [];
  const alarms: CorpusScore["alarms"] = [];
  const kinds = PII_KINDS.map((kind): KindScore => {
    let positives = 0;
    let found = 0;
    let negatives = 0;
    let falseAlarms = 0;
    for (const r of results) {
      const reported = r.findings.some((f) => f.kind === kind);
      const pairs = r.findings.map((f): [PiiKind, string] => [f.kind, f.text]);
      if (r.kinds.includes(kind)) {
        positives += 1;
        if (reported) found += 1;
        else misses.push({ line: r.line, kind, text: r.text, found: pairs });
      } else {
        negatives += 1;
        if (reported) {
          falseAlarms += 1;
          alarms.push({ line: r.line, kind, text: r.text, found: pairs });
        }
      }
    }
    return {
      kind,
      positives,
      found,
      negatives,
      falseAlarms,
      recall: positives ? found / positives : 1,
      falseAlarmRate: negatives ? falseAlarms / negatives : 0,
      wrongShare: found + falseAlarms ? falseAlarms / (found + falseAlarms) : 0,
    };
  });
  const clean = results.filter((r) => r.kinds.length === 0);
  return {
    lines: results.length,
    cleanLines: clean.length,
    cleanLinesFlagged: clean.filter((r) => r.findings.length > 0).length,
    kinds,
    misses,
    alarms,
  };
}

const percent = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The score as a Markdown table, the form the README quotes. */
export function formatScore(score: CorpusScore): string {
  const rows = [
    "| kind | lines with it | found | recall | lines without it | false alarms | false-alarm rate | wrong share of its flags |",
    "|---|---|---|---|---|---|---|---|",
    ...score.kinds.map(
      (k) =>
        `| ${k.kind} | ${k.positives} | ${k.found} | ${percent(k.recall)} | ${k.negatives} | ${k.falseAlarms} | ${percent(k.falseAlarmRate)} | ${percent(k.wrongShare)} |`,
    ),
  ];
  const summary = `${score.lines} lines, ${score.cleanLines} of them must not be flagged at all; ${score.cleanLinesFlagged} of those were flagged (${percent(score.cleanLinesFlagged / Math.max(1, score.cleanLines))}).`;
  return [...rows, "", summary].join("\n");
}
