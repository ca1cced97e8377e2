import type { Language } from '../common/i18n';

/** Fills a wording entry: the console's `text(lang, key, values)`. */
type Text = (key: string, values?: Record<string, unknown>) => string;
/** A YYYY-MM-DD day as the reader writes dates. */
type Day = (day: string) => string;

const DAY = '(\\d{4}-\\d{2}-\\d{2})';
const CODE = '([A-Z0-9]{1,2}(?:\\.\\d{1,3})?)';

/**
 * The certification rules (src/certification/stages.ts) refuse a move or name a ground in English
 * sentences, which the API answers with. The console shows those very sentences to English readers and
 * words them in Lao for Lao readers; a sentence it does not know is shown as the API wrote it.
 */
const SENTENCES: { pattern: RegExp; word: (text: Text, m: RegExpExecArray, day: Day) => string }[] = [
  {
    pattern: /^only the auditors assigned to this case may move it$/,
    word: (t) => t('console.cases.refusal.who'),
  },
  { pattern: /^ministry and IOM staff may only move/, word: (t) => t('console.cases.refusal.staff') },
  {
    pattern: /^only the case’s auditors may make this move$/,
    word: (t) => t('console.cases.refusal.notCaseAuditor'),
  },
  {
    pattern: /^no staff of this agency completed an IRIS training$/,
    word: (t) => t('console.cases.refusal.untrained'),
  },
  {
    pattern: /^the agency’s licence is (\w+)$/,
    word: (t, m) => t('console.cases.refusal.licence', { status: t(`status.${m[1]}`) }),
  },
  {
    pattern: /^no stage-2 \(on-site\) audit has been conducted$/,
    word: (t) => t('console.cases.refusal.noStage2'),
  },
  {
    pattern: new RegExp(
      `^(open|action proposed|action accepted) major finding ${CODE}(?: due ${DAY})? is not closed$`,
    ),
    word: (t, m, d) =>
      t('console.cases.refusal.majorOpen', {
        status: t(`console.cases.findingStatus.${m[1].replace(' ', '_')}`),
        criterion: m[2],
        due: due(t, d, m[3]),
      }),
  },
  {
    pattern: new RegExp(`^minor finding ${CODE}(?: due ${DAY})? has no accepted corrective-action plan$`),
    word: (t, m, d) => t('console.cases.refusal.minorNoPlan', { criterion: m[1], due: due(t, d, m[2]) }),
  },
  {
    pattern: new RegExp(`^the certificate expired on ${DAY}:`),
    word: (t, m, d) => t('console.cases.refusal.expired', { date: d(m[1]) }),
  },
  {
    pattern: new RegExp(`^major finding ${CODE}(?: due ${DAY})? is `),
    word: (t, m, d) => t('console.cases.ground.majorStillOpen', { criterion: m[1], due: due(t, d, m[2]) }),
  },
  {
    pattern: new RegExp(`^the surveillance audit due ${DAY} is overdue$`),
    word: (t, m, d) => t('console.cases.ground.overdueSurveillance', { date: d(m[1]) }),
  },
  {
    pattern: /findings? (is|are) past (its|their) due date$/,
    word: (t) => t('console.cases.attention.overdueFindings'),
  },
  { pattern: /^a reason is required to move a case to /, word: (t) => t('console.cases.refusal.reason') },
  { pattern: /past the limit: reinstate or withdraw$/, word: (t) => t('console.cases.attention.suspension') },
];

const due = (t: Text, d: Day, day: string | undefined) =>
  day ? t('console.cases.refusal.due', { date: d(day) }) : '';

/** A rule's sentence for the reader: as the API says it in English, worded in Lao when it is known. */
export function ruleSentence(sentence: string, lang: Language, text: Text, day: Day): string {
  if (lang === 'en') return sentence;
  for (const { pattern, word } of SENTENCES) {
    const match = pattern.exec(sentence);
    if (match) return word(text, match, day);
  }
  return sentence;
}
