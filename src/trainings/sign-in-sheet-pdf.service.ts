import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PDFDocument from 'pdfkit';
import { DataSource } from 'typeorm';
import { AgenciesService } from '../agencies/agencies.service';
import type { Actor } from '../common/auth.decorators';
import { HeavyWork } from '../common/heavy-work';
import { formatDate } from '../common/i18n';
import { collect, PdfRenderer } from '../pdf/pdf-renderer';
import { drawText, embedFonts, fitText, type FontName, type PdfDocument, readFonts } from '../pdf/text';
import { PROVINCES } from '../reference/provinces';
import { AttendanceService } from './attendance.service';
import { Participant } from './participant.entity';
import { requireTrainingAccess } from './training-access';

const MARGIN = 36;
const ROW = 30;
/** Empty rows at the end of each day for walk-ins, who sign on paper too. */
const WALK_IN_ROWS = 4;
/** Columns: number, name, agency, signature; widths in points of an A4 portrait page (523 wide). */
const COLUMNS = [
  { key: 'number', width: 28 },
  { key: 'name', width: 160 },
  { key: 'agency', width: 195 },
  { key: 'signature', width: 140 },
] as const;

/**
 * A printable sign-in sheet: one page (or more) per day of the training, its participants' names and
 * agencies, and a column to sign; headings in Lao and English. Participants' names: for the training's
 * trainers and IOM only. The drawing takes a PDF turn (HeavyWork), once the reads are done.
 */
@Injectable()
export class SignInSheetPdfService {
  private readonly fonts = readFonts();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly attendance: AttendanceService,
    private readonly agencies: AgenciesService,
    private readonly renderer: PdfRenderer,
    private readonly heavyWork: HeavyWork,
  ) {}

  async render(trainingId: string, actor: Actor): Promise<Buffer> {
    const em = this.dataSource.manager;
    const training = await requireTrainingAccess(em, trainingId, actor, { iom: true });
    const days = await this.attendance.days(em, trainingId);
    const createdAt = new Date(`${days[0]}T00:00:00Z`); // fixed by the data: the same sheet, the same bytes
    const participants = await em.find(Participant, {
      where: { trainingId },
      order: { fullName: 'ASC', id: 'ASC' },
    });
    const agencies = await this.agencies.summariesOf(participants.map((p) => p.agencyId));
    const [lo, en] = [this.renderer.messagesOf('lo'), this.renderer.messagesOf('en')];
    const province = PROVINCES.find((p) => p.code === training.province);
    return this.heavyWork.run('pdf', async () => {
      const doc = new PDFDocument({
        size: 'A4',
        margins: { top: MARGIN, bottom: 0, left: MARGIN, right: MARGIN },
        font: null as unknown as string,
        autoFirstPage: false,
        lang: 'lo',
        info: { Title: `${en['console.trainings.sheet.title']}: ${training.title}`, CreationDate: createdAt },
      });
      embedFonts(doc, this.fonts);
      const done = collect(doc);
      const rows = [
        ...participants.map((p) => {
          const agency = agencies.get(p.agencyId);
          return { name: p.fullName, agency: agency ? `${agency.nameLo}\n${agency.nameEn}` : '' };
        }),
        ...Array.from({ length: WALK_IN_ROWS }, () => ({ name: '', agency: '' })),
      ];
      for (const day of days) {
        const heading = [
          `${lo['console.trainings.sheet.title']} · ${en['console.trainings.sheet.title']}`,
          training.titleLo ? `${training.titleLo}\n${training.title}` : training.title,
          `${formatDate(day, 'lo', lo)} · ${formatDate(day, 'en', en)} · ${training.venue}, ${province?.nameLo ?? ''} / ${province?.nameEn ?? ''}`,
        ];
        const header = [
          '#',
          `${lo['console.trainings.sheet.name']} / ${en['console.trainings.sheet.name']}`,
          `${lo['console.trainings.sheet.agency']} / ${en['console.trainings.sheet.agency']}`,
          `${lo['console.trainings.sheet.signature']} / ${en['console.trainings.sheet.signature']}`,
        ];
        let y = this.page(doc, heading, header);
        rows.forEach((row, i) => {
          if (y + ROW > doc.page.height - MARGIN) y = this.page(doc, heading, header);
          y = this.row(doc, y, [String(i + 1), row.name, row.agency, ''], 'regular');
        });
      }
      doc.end();
      return done;
    });
  }

  /** A new page with the day's heading and the table's header row; returns where the rows start. */
  private page(doc: PdfDocument, heading: string[], header: string[]): number {
    doc.addPage({ size: 'A4', margins: { top: MARGIN, bottom: 0, left: MARGIN, right: MARGIN } });
    let y = MARGIN;
    const width = doc.page.width - 2 * MARGIN;
    heading.forEach((text, i) => {
      const fitted = fitText(doc, text, width, {
        size: i === 0 ? 13 : 10,
        font: i === 0 ? 'bold' : 'regular',
      });
      drawText(doc, fitted, { x: MARGIN, y, width }, { color: '#1a1a1a' });
      y += fitted.height + 4;
    });
    return this.row(doc, y + 6, header, 'bold');
  }

  private row(doc: PdfDocument, y: number, cells: string[], font: FontName): number {
    const fitted = cells.map((text, i) =>
      fitText(doc, text, COLUMNS[i].width - 8, { size: 8.5, font, maxLines: 2, minSize: 6, ellipsis: true }),
    );
    const height = Math.max(ROW, ...fitted.map((f) => f.height + 8));
    let x = MARGIN;
    fitted.forEach((text, i) => {
      doc.lineWidth(0.5).strokeColor('#555555').rect(x, y, COLUMNS[i].width, height).stroke();
      drawText(doc, text, { x: x + 4, y: y + 4, width: COLUMNS[i].width - 8 }, { color: '#1a1a1a' });
      x += COLUMNS[i].width;
    });
    return y + height;
  }
}
