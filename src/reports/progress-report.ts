import { Injectable } from '@nestjs/common';
import PDFDocument from 'pdfkit';
import { CertificationStage } from '../common/certification-stage';
import { collect } from '../pdf/pdf-renderer';
import { drawText, embedFonts, fitText, type FittedText, type PdfDocument, readFonts } from '../pdf/text';
import { fill, formatDate, type Language, loadMessages, type Messages } from '../common/i18n';
import { count, type Scale, scaleOf } from './chart-scale';
import type { ReportOverviewDto, SexCountsDto, StageCountsDto } from './reports.dto';

/** Lao first, then English: every label of the report is printed in both. */
interface Bilingual {
  lo: string;
  en: string;
}

type Vars = Record<string, string | number>;

const STAGES = Object.values(CertificationStage) as readonly (keyof StageCountsDto)[];
const SEXES: readonly (keyof SexCountsDto)[] = ['female', 'male', 'other'];

// A4 portrait in points. The bottom margin is 0 so pdfkit never adds a page by itself: the report
// places every block and breaks pages where a block would run into the footer.
const PAGE = { width: 595.28, height: 841.89 };
const MARGIN = 40;
const LEFT = MARGIN;
const WIDTH = PAGE.width - 2 * MARGIN;
const CONTENT_TOP = 48;
const CONTENT_BOTTOM = PAGE.height - 58;

const INK = '#1a1a1a';
const MUTED = '#5a5a5a';
const BRAND = '#1d4e89';
const BAR = '#2f6db3';
const GRID = '#d5dce6';
const PANEL = '#eef2f8';
const STRIPE = '#f6f8fb';

/**
 * The printable bilingual progress report for the advisory committee: key figures, three
 * charts and two tables drawn with pdfkit, in the embedded Noto Sans Lao only. Deterministic: the same
 * overview gives the same bytes (the document date is the overview's `asOf`).
 */
@Injectable()
export class ProgressReport {
  private readonly fonts = readFonts();
  private readonly lo = loadMessages('lo');
  private readonly en = loadMessages('en');

  async render(overview: ReportOverviewDto): Promise<Buffer> {
    return (await this.renderWithLayout(overview)).pdf;
  }

  /**
   * The PDF, with the texts of the report's own wording that needed more lines than their place has
   * (drawn in full, over what follows): none, for a layout that is right.
   */
  async renderWithLayout(overview: ReportOverviewDto): Promise<{ pdf: Buffer; overflowing: string[] }> {
    const title = this.t('report.title');
    const doc = new PDFDocument({
      size: 'A4',
      layout: 'portrait',
      margins: { top: CONTENT_TOP, bottom: 0, left: MARGIN, right: MARGIN },
      // No default Helvetica: only the embedded Lao font is used (and parsed).
      font: null as unknown as string,
      bufferPages: true,
      pdfVersion: '1.7',
      lang: 'lo',
      displayTitle: true,
      info: {
        Title: `${title.lo} / ${title.en}`,
        Subject: `${overview.period.from} – ${overview.period.to}`,
        Author: this.en['org.ministry'],
        Creator: 'IRIS Lao PDR certification service',
        Producer: 'PDFKit',
        CreationDate: new Date(`${overview.asOf}T00:00:00Z`),
      },
    });
    embedFonts(doc, this.fonts);
    const done = collect(doc);
    const writer = new ReportWriter(doc, this.lo, this.en, overview);
    writer.write();
    doc.end();
    return { pdf: await done, overflowing: [...writer.overflowing] };
  }

  private t(key: string): Bilingual {
    return { lo: this.lo[key] ?? key, en: this.en[key] ?? key };
  }
}

interface TextOptions {
  width: number;
  size: number;
  bold?: boolean;
  color?: string;
  align?: 'left' | 'center' | 'right';
  /** At most this many lines (one if absent). */
  lines?: number;
  /** Only for data someone typed: what needs more than `lines` is cut with an ellipsis. */
  ellipsis?: boolean;
}

interface Bar {
  label: Bilingual;
  value: number;
  text: string;
}

interface Column {
  title: Bilingual;
  width: number;
  align: 'left' | 'right' | 'center';
}

/** One rendering: the document, the wording and the vertical position of the next block. */
class ReportWriter {
  private y = MARGIN;
  /** Wording that needed more lines than its place has. */
  readonly overflowing = new Set<string>();

  constructor(
    private readonly doc: PdfDocument,
    private readonly lo: Messages,
    private readonly en: Messages,
    private readonly overview: ReportOverviewDto,
  ) {}

  write(): void {
    this.header();
    this.keyFigures();
    this.stageChart();
    this.sexChart();
    this.certificateChart();
    this.provinceTable();
    this.findingsTable();
    this.pageFurniture();
  }

  // ── wording ──────────────────────────────────────────────────────────────────────────────────────

  /** The wording of `key` in both languages; `dates` (ISO days) are written as each language writes them. */
  private t(key: string, vars: Vars = {}, dates: Record<string, string> = {}): Bilingual {
    const word = (messages: Messages, lang: Language) => {
      const formatted = Object.entries(dates).map(([name, day]) => [name, formatDate(day, lang, messages)]);
      return fill(messages[key] ?? key, { ...vars, ...Object.fromEntries(formatted) });
    };
    return { lo: word(this.lo, 'lo'), en: word(this.en, 'en') };
  }

  private both(text: Bilingual): string {
    return `${text.lo} / ${text.en}`;
  }

  // ── drawing primitives ───────────────────────────────────────────────────────────────────────────

  /** Writes `text` in a box of `width` at (x, y); returns the height it took. */
  private text(text: string, x: number, y: number, options: TextOptions): number {
    const fitted = this.fit(text, options);
    drawText(
      this.doc,
      fitted,
      { x, y, width: options.width },
      {
        color: options.color ?? INK,
        align: options.align,
      },
    );
    return fitted.height;
  }

  /** The height `text` takes in a box of `options.width`, without drawing it. */
  private measure(text: string, options: TextOptions): number {
    return this.fit(text, options).height;
  }

  /** How `text` fits its box; wording that needs more lines than it has is noted (see `overflowing`). */
  private fit(text: string, options: TextOptions): FittedText {
    const fitted = fitText(this.doc, text, options.width, {
      size: options.size,
      font: options.bold ? 'bold' : 'regular',
      maxLines: options.lines ?? 1,
      ellipsis: options.ellipsis === true,
    });
    if (fitted.overflow) this.overflowing.add(text);
    return fitted;
  }

  /** The top of a line of `size` whose letters sit centred on `middle`. */
  private centredTop(middle: number, size: number): number {
    return middle - 0.9 * size;
  }

  private line(x1: number, y1: number, x2: number, y2: number, color: string, width = 0.6): void {
    this.doc.lineWidth(width).strokeColor(color).moveTo(x1, y1).lineTo(x2, y2).stroke();
  }

  private box(x: number, y: number, width: number, height: number, color: string): void {
    this.doc.rect(x, y, width, height).fill(color);
  }

  /** Starts a new page when `height` more points do not fit above the footer. */
  private ensure(height: number): void {
    if (this.y + height <= CONTENT_BOTTOM) return;
    this.doc.addPage();
    this.y = CONTENT_TOP;
  }

  private section(title: Bilingual, firstBlock: number): void {
    this.ensure(30 + firstBlock);
    if (this.y > CONTENT_TOP) this.y += 10;
    this.text(this.both(title), LEFT, this.y, { width: WIDTH, size: 11, bold: true, color: BRAND });
    this.y += 19;
    this.line(LEFT, this.y, LEFT + WIDTH, this.y, BRAND, 0.8);
    this.y += 8;
  }

  // ── blocks ───────────────────────────────────────────────────────────────────────────────────────

  private header(): void {
    const { overview } = this;
    const centre = { width: WIDTH, align: 'center' as const };
    this.text(this.lo['country.name'], LEFT, this.y - 4, { ...centre, size: 11, bold: true });
    this.text(this.lo['country.motto'], LEFT, this.y + 14, { ...centre, size: 9.5 });
    const middle = LEFT + WIDTH / 2;
    this.line(middle - 60, this.y + 34, middle + 60, this.y + 34, INK, 0.6);
    this.y += 42;

    const ministry = this.t('org.ministry');
    const asOf = this.t('report.asOf', {}, { date: overview.asOf });
    const half = WIDTH / 2;
    this.text(ministry.lo, LEFT, this.y, { width: half, size: 9.5, bold: true });
    this.text(ministry.en, LEFT, this.y + 15, { width: half, size: 8.5, color: MUTED });
    const right = { width: half, align: 'right' as const, size: 8.5 };
    this.text(asOf.lo, LEFT + half, this.y + 1, right);
    this.text(asOf.en, LEFT + half, this.y + 15, {
      ...right,
      color: MUTED,
    });
    this.y += 40;

    const title = this.t('report.title');
    this.text(title.lo, LEFT, this.y, { ...centre, size: 17, bold: true });
    this.text(title.en, LEFT, this.y + 27, { ...centre, size: 13, bold: true, color: BRAND });
    this.y += 50;
    const subtitle = this.t('report.subtitle');
    this.text(subtitle.lo, LEFT, this.y, { ...centre, size: 9 });
    this.text(subtitle.en, LEFT, this.y + 14, { ...centre, size: 8.5, color: MUTED });
    this.y += 32;

    const period = this.t('report.period', {}, { from: overview.period.from, to: overview.period.to });
    this.box(LEFT, this.y, WIDTH, 22, PANEL);
    this.text(this.both(period), LEFT, this.centredTop(this.y + 11, 9.5), {
      ...centre,
      size: 9.5,
      bold: true,
    });
    this.y += 26;
  }

  private keyFigures(): void {
    const { agencies, certificates, trainings, cases, findings } = this.overview;
    const trained = agencies.byProvince.reduce((sum, p) => sum + p.trained, 0);
    const cells: { value: string; label: Bilingual }[] = [
      { value: count(agencies.total), label: this.t('report.figure.agencies') },
      { value: count(agencies.byLicenceStatus.active), label: this.t('report.figure.activeLicences') },
      { value: count(trained), label: this.t('report.figure.trained') },
      { value: count(certificates.valid), label: this.t('report.figure.certified') },
      { value: count(certificates.suspended), label: this.t('report.figure.suspended') },
      { value: count(certificates.expiringWithin90Days), label: this.t('report.figure.expiring') },
      { value: count(trainings.held), label: this.t('report.figure.trainingsHeld') },
      {
        value: count(trainings.participants),
        label: this.t('report.figure.participants', counts(trainings.bySex)),
      },
      {
        value: count(trainings.completed),
        label: this.t('report.figure.completed', counts(trainings.completedBySex)),
      },
      {
        value: `${count(cases.openedInPeriod)} / ${count(cases.certifiedInPeriod)}`,
        label: this.t('report.figure.cases'),
      },
      {
        value: `${count(findings.open.major)} / ${count(findings.open.minor)}`,
        label: this.t('report.figure.openFindings'),
      },
      {
        value: `${count(findings.overdue.major)} / ${count(findings.overdue.minor)}`,
        label: this.t('report.figure.overdueFindings'),
      },
    ];
    const columns = 4;
    const gap = 6;
    const cellWidth = (WIDTH - (columns - 1) * gap) / columns;
    const pad = 6;
    const textWidth = cellWidth - 2 * pad - 3;
    this.section(this.t('report.section.keyFigures'), 60);
    for (let row = 0; row < cells.length; row += columns) {
      const rowCells = cells.slice(row, row + columns);
      const heights = rowCells.map(
        ({ label }) =>
          this.measure(label.lo, { width: textWidth, size: 7.5, lines: 2 }) +
          this.measure(label.en, { width: textWidth, size: 7, lines: 2 }),
      );
      const height = pad + 20 + Math.max(...heights) + pad - 3;
      this.ensure(height);
      rowCells.forEach(({ value, label }, i) => {
        const x = LEFT + i * (cellWidth + gap);
        this.box(x, this.y, cellWidth, height, PANEL);
        this.box(x, this.y, 3, height, BRAND);
        const textX = x + pad + 3;
        this.text(value, textX, this.y + pad - 4, { width: textWidth, size: 14, bold: true, color: BRAND });
        let y = this.y + pad + 20;
        y += this.text(label.lo, textX, y, { width: textWidth, size: 7.5, lines: 2 });
        this.text(label.en, textX, y, { width: textWidth, size: 7, color: MUTED, lines: 2 });
      });
      this.y += height + gap;
    }
  }

  private stageChart(): void {
    const { byStage } = this.overview.cases;
    const total = STAGES.reduce((sum, stage) => sum + byStage[stage], 0);
    const bars = STAGES.map((stage) => ({
      label: this.t(`report.stage.${stage}`),
      value: byStage[stage],
      text: count(byStage[stage]),
    }));
    const rowHeight = 24;
    this.section(this.t('report.chart.stages'), STAGES.length * rowHeight + 44);
    this.text(this.both(this.t('report.chart.casesTotal', { count: count(total) })), LEFT, this.y - 2, {
      width: WIDTH,
      size: 8,
      color: MUTED,
    });
    this.y += 14;
    this.horizontalBars(bars, LEFT, WIDTH, 150, rowHeight, scaleOf(Math.max(...bars.map((b) => b.value))));
    this.text(this.both(this.t('report.chart.cases')), LEFT + 150, this.y, {
      width: WIDTH - 150,
      size: 7.5,
      color: MUTED,
      align: 'center',
    });
    this.y += 14;
  }

  private sexChart(): void {
    const { bySex, completedBySex, participants, completed } = this.overview.trainings;
    const rowHeight = 24;
    const scale = scaleOf(Math.max(...SEXES.map((sex) => Math.max(bySex[sex], completedBySex[sex]))));
    this.section(this.t('report.chart.sex'), 3 * rowHeight + 44);
    this.text(this.both(this.t('report.chart.sexNote')), LEFT, this.y - 2, {
      width: WIDTH,
      size: 8,
      color: MUTED,
    });
    this.y += 14;
    const gap = 24;
    const width = (WIDTH - gap) / 2;
    const top = this.y;
    const charts: [Bilingual, SexCountsDto, number][] = [
      [this.t('report.chart.tookPart', { count: count(participants) }), bySex, participants],
      [this.t('report.chart.completed', { count: count(completed) }), completedBySex, completed],
    ];
    charts.forEach(([title, bySexCounts, total], i) => {
      const x = LEFT + i * (width + gap);
      this.y = top;
      this.text(this.both(title), x, this.y, { width, size: 8.5, bold: true });
      this.y += 16;
      const bars = SEXES.map((sex) => ({
        label: this.t(`report.sex.${sex}`),
        value: bySexCounts[sex],
        text: total ? `${count(bySexCounts[sex])} · ${percent(bySexCounts[sex], total)}` : '0',
      }));
      this.horizontalBars(bars, x, width, 62, rowHeight, scale);
    });
  }

  private certificateChart(): void {
    const { issuedByMonth, issuedInPeriod } = this.overview.certificates;
    const plotHeight = 120;
    this.section(this.t('report.chart.certificates'), plotHeight + 64);
    this.text(
      this.both(this.t('report.chart.certificatesTotal', { count: count(issuedInPeriod) })),
      LEFT,
      this.y - 2,
      { width: WIDTH, size: 8, color: MUTED },
    );
    this.y += 12;
    const axisWidth = 30;
    const plotLeft = LEFT + axisWidth;
    const plotRight = LEFT + WIDTH - 4;
    const plotTop = this.y + 12;
    const base = plotTop + plotHeight;
    const max = Math.max(0, ...issuedByMonth.map((m) => m.count));
    const scale = scaleOf(max);
    for (let tick = 0; tick <= scale.top; tick += scale.step) {
      const y = base - (tick / scale.top) * plotHeight;
      if (tick > 0) this.line(plotLeft, y, plotRight, y, GRID, 0.5);
      this.text(count(tick), LEFT, this.centredTop(y, 7), { width: axisWidth - 5, size: 7, align: 'right' });
    }
    const slot = issuedByMonth.length ? (plotRight - plotLeft) / issuedByMonth.length : 0;
    const columnWidth = Math.min(slot * 0.62, 26);
    // Every month labelled while the labels fit (about 18 months), else every 2nd, 3rd, …
    const labelSize = slot >= 34 ? 7 : 6.5;
    this.doc.font('regular').fontSize(labelSize);
    const every = slot ? Math.max(1, Math.ceil((this.doc.widthOfString('00/0000') + 4) / slot)) : 1;
    issuedByMonth.forEach(({ month, count: issued }, i) => {
      const middle = plotLeft + (i + 0.5) * slot;
      const height = (issued / scale.top) * plotHeight;
      if (issued > 0) {
        this.box(middle - columnWidth / 2, base - height, columnWidth, height, BAR);
        if (slot >= 12) {
          this.text(count(issued), middle - 20, base - height - 11, {
            width: 40,
            size: 7,
            bold: true,
            align: 'center',
          });
        }
      }
      if (i % every === 0) {
        const [year, monthNumber] = month.split('-');
        this.text(`${monthNumber}/${year}`, middle - 22, base + 3, {
          width: 44,
          size: labelSize,
          color: MUTED,
          align: 'center',
        });
      }
    });
    this.line(plotLeft, plotTop - 4, plotLeft, base, INK, 0.8);
    this.line(plotLeft, base, plotRight, base, INK, 0.8);
    if (max === 0) {
      this.text(
        this.both(this.t('report.chart.none')),
        plotLeft,
        this.centredTop(plotTop + plotHeight / 2, 9),
        {
          width: plotRight - plotLeft,
          size: 9,
          color: MUTED,
          align: 'center',
        },
      );
    }
    this.y = base + 16;
    this.text(this.both(this.t('report.chart.month')), plotLeft, this.y, {
      width: plotRight - plotLeft,
      size: 7.5,
      color: MUTED,
      align: 'center',
    });
    this.y += 14;
  }

  private provinceTable(): void {
    const provinces = this.overview.agencies.byProvince;
    const columns: Column[] = [
      { title: this.t('report.column.province'), width: WIDTH - 4 * 78, align: 'left' },
      { title: this.t('report.column.agencies'), width: 78, align: 'right' },
      { title: this.t('report.column.activeLicences'), width: 78, align: 'right' },
      { title: this.t('report.column.trained'), width: 78, align: 'right' },
      { title: this.t('report.column.certified'), width: 78, align: 'right' },
    ];
    const rowHeight = 15;
    // The whole table on one page when it fits there (18 provinces do).
    this.section(this.t('report.section.provinces'), 28 + (provinces.length + 1) * rowHeight + 4);
    this.tableHeader(columns);
    const totals = { agencies: 0, activeLicences: 0, trained: 0, certified: 0 };
    provinces.forEach((p, i) => {
      if (this.ensureRow(rowHeight)) this.tableHeader(columns);
      if (i % 2 === 1) this.box(LEFT, this.y, WIDTH, rowHeight, STRIPE);
      const top = this.centredTop(this.y + rowHeight / 2, 8);
      this.text(p.nameLo, LEFT + 6, top, { width: 96, size: 8 });
      this.text(p.nameEn, LEFT + 106, top, { width: 92, size: 8, color: MUTED });
      const values = [p.agencies, p.activeLicences, p.trained, p.certified];
      this.tableNumbers(columns, values, top, false);
      totals.agencies += p.agencies;
      totals.activeLicences += p.activeLicences;
      totals.trained += p.trained;
      totals.certified += p.certified;
      this.y += rowHeight;
    });
    this.ensureRow(rowHeight + 2);
    this.line(LEFT, this.y, LEFT + WIDTH, this.y, INK, 0.8);
    const top = this.centredTop(this.y + 1 + rowHeight / 2, 8);
    this.text(this.both(this.t('report.column.total')), LEFT + 6, top, { width: 220, size: 8, bold: true });
    this.tableNumbers(columns, Object.values(totals), top, true);
    this.y += rowHeight + 4;
  }

  private findingsTable(): void {
    const { byPrinciple, open, raisedInPeriod } = this.overview.findings;
    const columns: Column[] = [
      { title: this.t('report.column.principle'), width: WIDTH - 140, align: 'left' },
      { title: this.t('report.column.open'), width: 70, align: 'right' },
      { title: this.t('report.column.overdue'), width: 70, align: 'right' },
    ];
    const textWidth = columns[0].width - 40;
    this.section(this.t('report.section.findings'), 90);
    this.tableHeader(columns);
    let openTotal = 0;
    let overdueTotal = 0;
    byPrinciple.forEach((p, i) => {
      const titleLo = this.lo[`report.principle.${p.principle}`] ?? '';
      const titleEn = p.title || this.en[`report.principle.${p.principle}`] || '';
      // The English title is the one kept in the database: cut with an ellipsis when too long.
      const lao = { width: textWidth, size: 8, lines: 2 };
      const english = { width: textWidth, size: 7.5, color: MUTED, lines: 2, ellipsis: true };
      const height = (titleLo ? this.measure(titleLo, lao) : 0) + this.measure(titleEn, english) + 8;
      if (this.ensureRow(height)) this.tableHeader(columns);
      if (i % 2 === 1) this.box(LEFT, this.y, WIDTH, height, STRIPE);
      const top = this.y + 3;
      this.text(p.principle, LEFT + 6, top, { width: 28, size: 8.5, bold: true, color: BRAND });
      let y = top;
      if (titleLo) y += this.text(titleLo, LEFT + 40, y, lao);
      this.text(titleEn, LEFT + 40, y, english);
      this.tableNumbers(columns, [p.open, p.overdue], top, false, 1);
      openTotal += p.open;
      overdueTotal += p.overdue;
      this.y += height;
    });
    this.ensureRow(17);
    this.line(LEFT, this.y, LEFT + WIDTH, this.y, INK, 0.8);
    const top = this.centredTop(this.y + 9, 8);
    this.text(this.both(this.t('report.column.total')), LEFT + 6, top, { width: 220, size: 8, bold: true });
    this.tableNumbers(columns, [openTotal, overdueTotal], top, true, 1);
    this.y += 22;
    const notes = [
      this.t('report.findings.observations', { count: count(open.observation) }),
      this.t('report.findings.raised', { count: count(raisedInPeriod) }),
    ];
    for (const note of notes) {
      this.ensure(14);
      this.text(this.both(note), LEFT, this.y, { width: WIDTH, size: 8, color: MUTED });
      this.y += 14;
    }
  }

  private tableHeader(columns: Column[]): void {
    const height = 28;
    this.box(LEFT, this.y, WIDTH, height, PANEL);
    let x = LEFT;
    for (const { title, width, align } of columns) {
      const options = { width: width - 12, align, size: 8, bold: true };
      this.text(title.lo, x + 6, this.y + 2, options);
      this.text(title.en, x + 6, this.y + 14, { ...options, size: 7.5, bold: false, color: MUTED });
      x += width;
    }
    this.y += height;
  }

  /** Right-aligned counts in the columns after the first. */
  private tableNumbers(columns: Column[], values: number[], top: number, bold: boolean, from = 1): void {
    let x = LEFT + columns.slice(0, from).reduce((sum, c) => sum + c.width, 0);
    values.forEach((value, i) => {
      const { width } = columns[from + i];
      this.text(count(value), x + 6, top, { width: width - 12, size: 8, bold, align: 'right' });
      x += width;
    });
  }

  /** Like `ensure`, for a table row; true when it started a new page (so the header is repeated). */
  private ensureRow(height: number): boolean {
    if (this.y + height <= CONTENT_BOTTOM) return false;
    this.ensure(height);
    return true;
  }

  /** A horizontal bar chart at this.y: labels (Lao over English), bars, their values and a scale. */
  private horizontalBars(
    bars: Bar[],
    x: number,
    width: number,
    labelWidth: number,
    rowHeight: number,
    scale: Scale,
  ): void {
    const plotLeft = x + labelWidth;
    const plotRight = x + width - 58;
    const plotWidth = plotRight - plotLeft;
    const top = this.y;
    const bottom = top + bars.length * rowHeight;
    for (let tick = scale.step; tick <= scale.top; tick += scale.step) {
      const tx = plotLeft + (tick / scale.top) * plotWidth;
      this.line(tx, top, tx, bottom, GRID, 0.5);
    }
    bars.forEach(({ label, value, text }, i) => {
      const rowTop = top + i * rowHeight;
      const middle = rowTop + rowHeight / 2;
      this.text(label.lo, x, rowTop + 0.5, { width: labelWidth - 8, size: 8 });
      this.text(label.en, x, rowTop + 11.5, { width: labelWidth - 8, size: 7, color: MUTED });
      const barWidth = (value / scale.top) * plotWidth;
      if (barWidth > 0) this.box(plotLeft, middle - 6, barWidth, 12, BAR);
      this.text(text, plotLeft + barWidth + 4, this.centredTop(middle, 8), {
        width: 60,
        size: 8,
        bold: true,
      });
    });
    this.line(plotLeft, top, plotLeft, bottom + 3, INK, 0.8);
    for (let tick = 0; tick <= scale.top; tick += scale.step) {
      const tx = plotLeft + (tick / scale.top) * plotWidth;
      this.line(tx, bottom, tx, bottom + 3, INK, 0.6);
      this.text(count(tick), tx - 20, bottom + 4, { width: 40, size: 7, color: MUTED, align: 'center' });
    }
    this.y = bottom + 16;
  }

  /** The footer on every page, and a running head from page 2 on. */
  private pageFurniture(): void {
    const { doc, overview } = this;
    const { start, count: pages } = doc.bufferedPageRange();
    const { from, to } = overview.period;
    const period = `${formatDate(from, 'lo', this.lo)} – ${formatDate(to, 'lo', this.lo)}`;
    for (let i = 0; i < pages; i++) {
      doc.switchToPage(start + i);
      const footerTop = PAGE.height - 44;
      this.line(LEFT, footerTop, LEFT + WIDTH, footerTop, GRID, 0.6);
      const centre = { width: WIDTH, align: 'center' as const, size: 7.5 };
      const footer = this.t('report.footer', { page: i + 1, pages }, { date: overview.asOf });
      this.text(footer.lo, LEFT, footerTop + 3, centre);
      this.text(footer.en, LEFT, footerTop + 16, {
        ...centre,
        color: MUTED,
      });
      if (i > 0) {
        const title = this.t('report.title');
        this.text(this.both(title), LEFT, 18, { width: WIDTH / 2, size: 7.5, color: MUTED });
        this.text(period, LEFT + WIDTH / 2, 18, {
          width: WIDTH / 2,
          size: 7.5,
          color: MUTED,
          align: 'right',
        });
        this.line(LEFT, 34, LEFT + WIDTH, 34, GRID, 0.6);
      }
    }
  }
}

function counts(bySex: SexCountsDto): Vars {
  return { female: count(bySex.female), male: count(bySex.male), other: count(bySex.other) };
}

function percent(part: number, total: number): string {
  return total ? `${Math.round((part / total) * 100)}%` : '0%';
}
