import { Injectable } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import PDFDocument from 'pdfkit';
import {
  type Context,
  type FieldsElement,
  fill,
  type Layout,
  type LayoutBox,
  type TextBox,
  type TextElement,
} from './layout';
import { drawQr } from './qr';
import {
  drawText,
  embedFonts,
  fitText,
  type FontName,
  type PdfDocument,
  readFonts,
  type TextStyle,
} from './text';
import { LANGUAGES, type Language, loadMessages, type Messages, templatesDir } from '../common/i18n';

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
  private readonly fonts = readFonts();
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
    return (await this.renderWithLayout(name, data, options)).pdf;
  }

  /** The PDF, with where each text and QR code was placed and how (see `TextBox`). */
  async renderWithLayout(name: string, data: Context, options: RenderOptions): Promise<RenderedPdf> {
    const { doc, done, layout, context } = this.open(name, data, options);
    const { boxes, inset } = this.draw(doc, layout, context);
    const bounds = {
      x: inset,
      y: inset,
      width: doc.page.width - 2 * inset,
      height: doc.page.height - 2 * inset,
    };
    doc.end();
    return { pdf: await done, boxes, bounds };
  }

  /** One PDF of layout `name` with a page per item of `data` (all completion certificates of a training). */
  async renderAll(name: string, data: Context[], options: RenderOptions): Promise<Buffer> {
    const { doc, done, layout, context } = this.open(name, data[0], options);
    this.draw(doc, layout, context);
    for (const next of data.slice(1)) {
      doc.addPage({
        size: layout.size,
        layout: layout.layout,
        margins: { top: 0, bottom: 0, left: layout.margin, right: layout.margin },
      });
      this.draw(doc, layout, { ...this.messages, data: next });
    }
    doc.end();
    return done;
  }

  private open(name: string, data: Context, options: RenderOptions) {
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
    embedFonts(doc, this.fonts);
    return { doc, done: collect(doc), layout, context };
  }

  /** Draws every element of `layout` on the current page; returns the boxes and the frame's inset. */
  private draw(doc: PdfDocument, layout: Layout, context: Context): { boxes: LayoutBox[]; inset: number } {
    const boxes: LayoutBox[] = [];
    let inset = 0;
    for (const element of layout.elements) {
      switch (element.type) {
        case 'frame': {
          const { width, height } = doc.page;
          doc
            .lineWidth(element.lineWidth)
            .strokeColor(element.color)
            .rect(element.inset, element.inset, width - 2 * element.inset, height - 2 * element.inset)
            .stroke();
          inset = Math.max(inset, element.inset + element.lineWidth / 2);
          break;
        }
        case 'text':
          boxes.push(...this.text(doc, layout, element, fill(element.text, context)));
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
          boxes.push(...this.fields(doc, element, context));
          break;
        case 'qr': {
          const { x, y, size } = element;
          drawQr(doc, fill(element.value, context), x, y, size);
          boxes.push({ kind: 'qr', x, y, width: size, height: size });
          break;
        }
      }
    }
    return { boxes, inset };
  }

  private text(doc: PdfDocument, layout: Layout, element: TextElement, text: string): TextBox[] {
    const x = element.x ?? layout.margin;
    const width = element.width ?? doc.page.width - x - layout.margin;
    const y = element.y ?? doc.y + (element.gap ?? 0);
    if (!text) {
      doc.y = y;
      return [];
    }
    const box = setText(
      doc,
      'text',
      text,
      { ...element, font: element.font ?? 'regular', x, y, width },
      {
        color: element.color ?? '#1a1a1a',
        align: element.align ?? 'left',
      },
    );
    doc.y = y + box.height;
    return [box];
  }

  private fields(doc: PdfDocument, element: FieldsElement, context: Context): TextBox[] {
    const boxes: TextBox[] = [];
    const valueX = element.x + element.labelWidth;
    let y = element.y;
    for (const row of element.rows) {
      const value = fill(row.value, context);
      if (!value) continue;
      const label = setText(
        doc,
        'label',
        fill(row.label, context),
        { x: element.x, y, width: element.labelWidth - 8, size: element.size, font: 'regular' },
        { color: element.labelColor ?? '#555555' },
      );
      const valueBox = setText(
        doc,
        'value',
        value,
        { ...row, x: valueX, y, width: element.width - element.labelWidth, size: element.size },
        { color: '#1a1a1a' },
      );
      boxes.push(label, valueBox);
      y += Math.max(label.height, valueBox.height) + (element.rowGap ?? 6);
    }
    doc.y = y;
    return boxes;
  }
}

export interface RenderedPdf {
  pdf: Buffer;
  /** Every text and QR code as placed, in drawing order. */
  boxes: LayoutBox[];
  /** The page inside its frames: where everything must stay. */
  bounds: { x: number; y: number; width: number; height: number };
}

/** Space between lines, as a share of the font size. */
const LEADING = 0.15;
/** The smallest a text with `maxLines` is set, as a share of its size. */
const MIN_SCALE = 0.6;

interface TextPlace {
  x: number;
  y: number;
  width: number;
  size: number;
  font?: FontName;
  bold?: boolean;
  maxLines?: number;
  ellipsis?: boolean;
}

/**
 * Sets `text` in its place and reports how: at the largest size (down to 60 %) at which it fits
 * `maxLines` lines of `width`. Only a place marked `ellipsis` cuts what still does not fit (a name longer
 * than the API allows must not push the certificate onto a second page); anything else is drawn in
 * full, and the report says it overflowed.
 */
function setText(
  doc: PdfDocument,
  kind: TextBox['kind'],
  text: string,
  place: TextPlace,
  style: TextStyle,
): TextBox {
  const fitted = fitText(doc, text, place.width, {
    size: place.size,
    font: place.font ?? (place.bold ? 'bold' : 'regular'),
    leading: LEADING,
    ...(place.maxLines === undefined
      ? {}
      : { maxLines: place.maxLines, minSize: place.size * MIN_SCALE, ellipsis: place.ellipsis === true }),
  });
  drawText(doc, fitted, place, style);
  return {
    kind,
    text,
    x: place.x,
    y: place.y,
    width: place.width,
    height: fitted.height,
    size: fitted.size,
    requestedSize: place.size,
    lines: fitted.lines.length,
    drawn: fitted.lines,
    ...(place.maxLines === undefined ? {} : { maxLines: place.maxLines }),
    shrunk: fitted.shrunk,
    ellipsised: fitted.cut,
    overflow: fitted.overflow,
  };
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
