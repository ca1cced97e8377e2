import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { PROVINCES } from '../reference/provinces';
import { ProgressReport } from './progress-report';
import type { ReportOverviewDto } from './reports.dto';

const report = new ProgressReport();

/** Registered, active, trained and certified agencies per province; the other provinces have none. */
const PROVINCE_FIGURES: Record<string, [number, number, number, number]> = {
  'LA-VT': [9, 8, 8, 2],
  'LA-VI': [3, 3, 2, 0],
  'LA-LP': [2, 2, 2, 0],
  'LA-XA': [1, 1, 1, 0],
  'LA-BL': [2, 2, 1, 0],
  'LA-KH': [2, 1, 1, 0],
  'LA-SV': [5, 4, 4, 1],
  'LA-CH': [3, 3, 3, 0],
  'LA-AT': [1, 0, 0, 0],
};

const PRINCIPLES: [string, string, number, number][] = [
  ['A', 'Respect for laws, fundamental principles and rights at work', 1, 0],
  ['B', 'Respect for ethical and professional conduct', 0, 0],
  [
    '1',
    'Prohibition of recruitment fees and related costs to jobseekers (the Employer Pays Principle)',
    2,
    1,
  ],
  ['2', 'Respect for freedom of movement', 0, 0],
  ['3', 'Respect for transparency of terms and conditions of employment', 1, 0],
  ['4', 'Respect for confidentiality and data protection', 0, 0],
  ['5', 'Respect for access to remedy', 0, 0],
];

function months(from: string, count: number, issued: Record<string, number> = {}) {
  const [year, month] = from.split('-').map(Number);
  return Array.from({ length: count }, (_, i) => {
    const y = year + Math.floor((month - 1 + i) / 12);
    const m = ((month - 1 + i) % 12) + 1;
    const key = `${y}-${String(m).padStart(2, '0')}`;
    return { month: key, count: issued[key] ?? 0 };
  });
}

/** 28 agencies in 9 provinces, 24 cases over the 9 stages, 37 participants (23 women) in 2026. */
const sampleOverview: ReportOverviewDto = {
  period: { from: '2026-01-01', to: '2026-11-24' },
  asOf: '2026-11-24',
  agencies: {
    total: 28,
    byLicenceStatus: { active: 24, suspended: 1, revoked: 1, expired: 2 },
    byProvince: PROVINCES.map(({ code, nameEn, nameLo }) => {
      const [agencies, activeLicences, trained, certified] = PROVINCE_FIGURES[code] ?? [0, 0, 0, 0];
      return { province: code, nameEn, nameLo, agencies, activeLicences, trained, certified };
    }),
  },
  cases: {
    byStage: {
      capacity_building: 9,
      applied: 4,
      audit: 3,
      corrective_action: 2,
      certified: 3,
      suspended: 1,
      withdrawn: 1,
      expired: 0,
      closed: 1,
    },
    openedInPeriod: 11,
    certifiedInPeriod: 4,
  },
  trainings: {
    held: 3,
    participants: 37,
    bySex: { female: 23, male: 14, other: 0 },
    completed: 33,
    completedBySex: { female: 21, male: 12, other: 0 },
    agenciesTrained: 22,
    agenciesTrainedByProvince: [
      { province: 'LA-VT', count: 8 },
      { province: 'LA-SV', count: 4 },
    ],
  },
  certificates: {
    valid: 3,
    suspended: 1,
    expiringWithin90Days: 1,
    issuedInPeriod: 4,
    issuedByMonth: months('2026-01', 11, { '2026-02': 1, '2026-05': 1, '2026-09': 2 }),
  },
  findings: {
    open: { major: 1, minor: 3, observation: 2 },
    overdue: { major: 1, minor: 0, observation: 0 },
    byPrinciple: PRINCIPLES.map(([principle, title, open, overdue]) => ({ principle, title, open, overdue })),
    raisedInPeriod: 6,
  },
};

const zero = { female: 0, male: 0, other: 0 };
const emptyOverview: ReportOverviewDto = {
  period: { from: '2027-01-01', to: '2027-01-31' },
  asOf: '2027-01-31',
  agencies: {
    total: 0,
    byLicenceStatus: { active: 0, suspended: 0, revoked: 0, expired: 0 },
    byProvince: sampleOverview.agencies.byProvince.map((p) => ({
      ...p,
      agencies: 0,
      activeLicences: 0,
      trained: 0,
      certified: 0,
    })),
  },
  cases: {
    byStage: {
      capacity_building: 0,
      applied: 0,
      audit: 0,
      corrective_action: 0,
      certified: 0,
      suspended: 0,
      withdrawn: 0,
      expired: 0,
      closed: 0,
    },
    openedInPeriod: 0,
    certifiedInPeriod: 0,
  },
  trainings: {
    held: 0,
    participants: 0,
    bySex: zero,
    completed: 0,
    completedBySex: zero,
    agenciesTrained: 0,
    agenciesTrainedByProvince: [],
  },
  certificates: {
    valid: 0,
    suspended: 0,
    expiringWithin90Days: 0,
    issuedInPeriod: 0,
    issuedByMonth: months('2027-01', 1),
  },
  findings: {
    open: { major: 0, minor: 0, observation: 0 },
    overdue: { major: 0, minor: 0, observation: 0 },
    byPrinciple: PRINCIPLES.map(([principle, title]) => ({ principle, title, open: 0, overdue: 0 })),
    raisedInPeriod: 0,
  },
};

const pages = (pdf: Buffer) => pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length ?? 0;

/** The drawing operators of every page: the deflated streams that are plain text (not the fonts). */
function contents(pdf: Buffer): string {
  const text = pdf.toString('latin1');
  const streams: string[] = [];
  for (const match of text.matchAll(/\/FlateDecode[^>]*>>\s*stream\n/g)) {
    const start = match.index + match[0].length;
    const end = text.indexOf('\nendstream', start);
    streams.push(inflateSync(pdf.subarray(start, end)).toString('latin1'));
  }
  return streams.filter((stream) => /^[\t\n\r -~]*$/.test(stream)).join('\n');
}

describe('ProgressReport', () => {
  it('renders the bilingual report on 2–3 pages with only Noto Sans Lao embedded', async () => {
    const pdf = await report.render(sampleOverview);
    if (process.env.PDF_SAMPLE) writeFileSync(process.env.PDF_SAMPLE, pdf);
    const text = pdf.toString('latin1');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansLao-Regular/);
    expect(text).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansLao-Bold/);
    expect(text).not.toContain('Helvetica');
    expect(pages(pdf)).toBeGreaterThanOrEqual(2);
    expect(pages(pdf)).toBeLessThanOrEqual(3);
  });

  it('gives the same bytes for the same overview (the document date is its asOf)', async () => {
    const [a, b] = [await report.render(sampleOverview), await report.render(sampleOverview)];
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
    expect(a.toString('latin1')).toContain('(D:20261124000000Z)');
  });

  it('renders an all-zero overview (axes and zeros, nothing divided by zero)', async () => {
    const pdf = await report.render(emptyOverview);
    if (process.env.PDF_SAMPLE) writeFileSync(process.env.PDF_SAMPLE.replace(/\.pdf$/, '-empty.pdf'), pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(contents(pdf)).toMatch(/ re\n/);
    expect(contents(pdf)).not.toMatch(/NaN|Infinity/);
    expect(pages(pdf)).toBeGreaterThanOrEqual(2);
    expect(pages(pdf)).toBeLessThanOrEqual(3);
  });

  it.each([
    ['the sample overview', sampleOverview],
    ['an all-zero overview', emptyOverview],
    [
      'four-digit counts',
      {
        ...sampleOverview,
        trainings: {
          ...sampleOverview.trainings,
          participants: 9999,
          bySex: { female: 5555, male: 4321, other: 1234 },
          completed: 8888,
          completedBySex: { female: 4444, male: 3333, other: 1111 },
        },
      },
    ],
  ])('sets its own wording for %s in the lines each place has, uncut', async (_case, overview) => {
    const { overflowing } = await report.renderWithLayout(overview);
    expect(overflowing).toEqual([]);
  });

  it('keeps a three-year period with busy months on at most 3 pages', async () => {
    const issuedByMonth = months('2024-01', 36).map(({ month }, i) => ({ month, count: (i * 7) % 13 }));
    const issuedInPeriod = issuedByMonth.reduce((sum, m) => sum + m.count, 0);
    const pdf = await report.render({
      ...sampleOverview,
      period: { from: '2024-01-01', to: '2026-12-31' },
      certificates: { ...sampleOverview.certificates, issuedInPeriod, issuedByMonth },
    });
    if (process.env.PDF_SAMPLE) writeFileSync(process.env.PDF_SAMPLE.replace(/\.pdf$/, '-long.pdf'), pdf);
    expect(contents(pdf)).not.toMatch(/NaN|Infinity/);
    expect(pages(pdf)).toBeLessThanOrEqual(3);
  });
});
