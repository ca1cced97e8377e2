import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import { type Context, fill, type FieldsElement, type Layout, type TextElement } from './layout';
import { drawQr } from './qr';
import { LANGUAGES, type Language, loadMessages, type Messages, templatesDir } from '../common/i18n';

/** Noto Sans Lao (OFL-1.1): Lao and Latin in one font, marks stacked by its GPOS tables. */
export const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-lao/400Regular/NotoSansLao_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-lao/700Bold/NotoSansLao_700Bold.ttf',
};

export type PdfDocument = InstanceType<typeof PDFDocument>;

export interface RenderOptions {
  /** The document's date in its properties; fixed by the data, so the same data gives the same bytes. */
  createdAt: Date;
  /** Extra document properties (the certificate's signed data and signature). */
  info?: Record<string, string>;
}

/**
 * Renders the layouts in `templates/pdf/` with the Lao font embedded. Fonts, wording and layouts are
 * read once; rendering is deterministic (no clock, no randomness).
 */
@Injectable()
export class PdfRenderer {
  private readonly fonts = {
    regular: readFileSync(require.resolve(FONT_FILES.regular)),
    bold: readFileSync(require.resolve(FONT_FILES.bold)),
  };
  private readonly dir = templatesDir();
  private readonly messages = Object.fromEntries(
    LANGUAGES.map((lang) => [lang, loadMessages(lang, this.dir)]),
  ) as Record<Language, Messages>;
  private readonly layouts = new Map<string, Layout>();

  messagesOf(lang: Language): Messages {
    return this.messages[lang];
  }

  layout(name: string): Layout {
    let layout = this.layouts.get(name);
    if (!layout) {
      layout = JSON.parse(readFileSync(path.join(this.dir, 'pdf', `${name}.json`), 'utf8')) as Layout;
      this.layouts.set(name, layout);
    }
    return layout;
  }

  /** The PDF of layout `name` filled with `data` (placeholders `{{data.…}}`, `{{lo.…}}`, `{{en.…}}`). */
  async render(name: string, data: Context, options: RenderOptions): Promise<Buffer> {
    const layout = this.layout(name);
    const context: Context = { ...this.messages, data };
    const doc = new PDFDocument({
      size: layout.size,
      layout: layout.layout,
      // Elements are placed by the layout; a zero bottom margin keeps pdfkit from adding a page.
      margins: { top: 0, bottom: 0, left: layout.margin, right: layout.margin },
      // No default Helvetica: only the embedded Lao font is used (and parsed).
      font: null as unknown as string,
      pdfVersion: '1.7',
      lang: 'lo',
      displayTitle: true,
      info: {
        Title: fill(layout.title, context),
        Subject: fill(layout.subject, context),
        Author: this.messages.en['org.ministry'],
        Creator: 'IRIS Lao PDR certification service',
        Producer: 'PDFKit',
        CreationDate: options.createdAt,
        ...options.info,
      },
    });
    doc.registerFont('regular', this.fonts.regular);
    doc.registerFont('bold', this.fonts.bold);
    doc.font('regular');
    const done = collect(doc);
    for (const element of layout.elements) {
      switch (element.type) {
        case 'frame': {
          const { width, height } = doc.page;
          doc
            .lineWidth(element.lineWidth)
            .strokeColor(element.color)
            .rect(element.inset, element.inset, width - 2 * element.inset, height - 2 * element.inset)
            .stroke();
          break;
        }
        case 'text':
          this.text(doc, layout, element, fill(element.text, context));
          break;
        case 'rule': {
          const y = doc.y + (element.gap ?? 0);
          const x = (doc.page.width - element.width) / 2;
          doc
            .lineWidth(0.8)
            .strokeColor(element.color ?? '#1d4e89')
            .moveTo(x, y)
            .lineTo(x + element.width, y)
            .stroke();
          doc.y = y + (element.gap ?? 0);
          break;
        }
        case 'fields':
          this.fields(doc, element, context);
          break;
        case 'qr':
          drawQr(doc, fill(element.value, context), element.x, element.y, element.size);
          break;
      }
    }
    doc.end();
    return await done;
  }

  private text(doc: PdfDocument, layout: Layout, element: TextElement, text: string): void {
    const x = element.x ?? layout.margin;
    const width = element.width ?? doc.page.width - x - layout.margin;
    const y = element.y ?? doc.y + (element.gap ?? 0);
    const box = fit(doc, text, element.font ?? 'regular', element.size, width, element.maxLines);
    doc
      .fillColor(element.color ?? '#1a1a1a')
      .text(text, x, y, { width, align: element.align ?? 'left', ...box });
  }

  private fields(doc: PdfDocument, element: FieldsElement, context: Context): void {
    const valueWidth = element.width - element.labelWidth;
    let y = element.y;
    for (const row of element.rows) {
      const value = fill(row.value, context);
      if (!value) continue;
      const label = fill(row.label, context);
      doc.fontSize(element.size);
      doc.font('regular');
      const labelHeight = doc.heightOfString(label, { width: element.labelWidth - 8 });
      const box = fit(doc, value, row.bold ? 'bold' : 'regular', element.size, valueWidth, row.maxLines);
      const valueHeight = Math.min(
        doc.heightOfString(value, { width: valueWidth, lineGap: box.lineGap }),
        box.height ?? Infinity,
      );
      doc
        .font('regular')
        .fontSize(element.size)
        .fillColor(element.labelColor ?? '#555555')
        .text(label, element.x, y, { width: element.labelWidth - 8 });
      fit(doc, value, row.bold ? 'bold' : 'regular', element.size, valueWidth, row.maxLines);
      doc.fillColor('#1a1a1a').text(value, element.x + element.labelWidth, y, { width: valueWidth, ...box });
      y += Math.max(labelHeight, valueHeight) + (element.rowGap ?? 6);
    }
    doc.y = y;
  }
}

/**
 * Sets the font and the largest size (down to 60 % of `size`) at which `text` fits `maxLines` lines of
 * `width`; what still does not fit is cut with an ellipsis (a 200-character name must not push the
 * certificate onto a second page). Returns the text options to draw it with.
 */
function fit(
  doc: PdfDocument,
  text: string,
  font: 'regular' | 'bold',
  size: number,
  width: number,
  maxLines?: number,
): { lineGap: number; height?: number; ellipsis?: boolean } {
  doc.font(font);
  let current = size;
  const boxFor = (s: number) => ({ lineGap: s * 0.15 });
  if (!maxLines) {
    doc.fontSize(size);
    return boxFor(size);
  }
  const limit = (s: number) => maxLines * (doc.fontSize(s).currentLineHeight(true) + s * 0.15);
  while (
    current > size * 0.6 &&
    doc.fontSize(current).heightOfString(text, { width, ...boxFor(current) }) > limit(current)
  ) {
    current -= 0.5;
  }
  doc.fontSize(current);
  return { ...boxFor(current), height: limit(current), ellipsis: true };
}

/** The document's bytes once it ends (call `doc.end()` after this). */
export function collect(doc: PdfDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
}
