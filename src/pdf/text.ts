import LineBreaker from 'linebreak';
import { readFileSync } from 'node:fs';
import type PDFDocument from 'pdfkit';

/**
 * The one text engine of the service's PDFs: where lines break, how large a text is set to fit its
 * place, when it is cut, and drawing exactly the lines it measured. Every PDF (certificates, training
 * certificates, the progress report) sets its text through here.
 */

/** Noto Sans Lao (OFL-1.1): Lao and Latin in one font, marks stacked by its GPOS tables. */
export const FONT_FILES = {
  regular: '@expo-google-fonts/noto-sans-lao/400Regular/NotoSansLao_400Regular.ttf',
  bold: '@expo-google-fonts/noto-sans-lao/700Bold/NotoSansLao_700Bold.ttf',
};

export type FontName = keyof typeof FONT_FILES;
export type Fonts = Record<FontName, Buffer>;
export type PdfDocument = InstanceType<typeof PDFDocument>;

/** The font files, read once per caller (a document embeds only the glyphs it uses). */
export function readFonts(): Fonts {
  return {
    regular: readFileSync(require.resolve(FONT_FILES.regular)),
    bold: readFileSync(require.resolve(FONT_FILES.bold)),
  };
}

/** Registers both fonts under their names; the document starts in the regular one. */
export function embedFonts(doc: PdfDocument, fonts: Fonts): void {
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  doc.font('regular');
}

/** Lao is written without spaces between words: ICU's dictionary finds them, for line breaks. */
const LAO_WORDS = new Intl.Segmenter('lo', { granularity: 'word' });
/** What the eye reads as one letter: a consonant with its vowel and tone marks is never split. */
const CLUSTERS = new Intl.Segmenter('lo', { granularity: 'grapheme' });
const LAO = /[\u0e80-\u0eff]/;
/** ເ ແ ໂ ໃ ໄ are written before the consonant they follow: a line never ends on one. */
const LAO_PREFIX_VOWEL = /[\u0ec0-\u0ec4]$/;
const ZERO_WIDTH_SPACE = '\u200b';
const NO_BREAK_SPACE = '\u00a0';
const ELLIPSIS = '…';
/** A Lao run up to this share of a line is kept whole on the next line rather than split between words. */
const KEEP_WHOLE = 1 / 3;
/** Sizes tried when shrinking, apart. */
const SIZE_STEP = 0.5;
/** Rounding room when comparing widths, in points. */
const EPSILON = 1e-6;

/**
 * `text` with a zero-width space between two Lao words, where a line may break (without it a long Lao
 * phrase would only break in the middle of a word); a number stays with the word before it, and a
 * separator (` · `, ` / `, ` – `) ends a line rather than starting the next one.
 */
export function breakable(text: string): string {
  text = text.replace(/ (?=[·/–\d])/g, NO_BREAK_SPACE);
  if (!LAO.test(text)) return text;
  let result = '';
  let previous = '';
  for (const { segment } of LAO_WORDS.segment(text)) {
    if (LAO.test(previous.slice(-1)) && LAO.test(segment[0])) result += ZERO_WIDTH_SPACE;
    result += segment;
    previous = segment;
  }
  return result;
}

export interface FitOptions {
  /** The size asked for, in points. */
  size: number;
  font?: FontName;
  /** At most this many lines; without it the text takes the lines it needs. */
  maxLines?: number;
  /** The smallest size a text over `maxLines` may be set at (tried half a point at a time); `size` if absent. */
  minSize?: number;
  /**
   * Cut what still needs more than `maxLines` at `minSize`, ending the last line with an ellipsis. Only
   * for data someone typed: the service's own wording is never cut.
   */
  ellipsis?: boolean;
  /** Space between lines, as a share of the size. */
  leading?: number;
}

/** How a text fits its width: the lines to draw, as measured, and what it took to get there. */
export interface FittedText {
  font: FontName;
  size: number;
  /** From the top of one line to the top of the next. */
  lineHeight: number;
  /** As drawn: without break marks, the last one ending in an ellipsis when `cut`. */
  lines: string[];
  /** `lines.length` lines of `lineHeight`. */
  height: number;
  /** Set smaller than asked. */
  shrunk: boolean;
  /** Cut to `maxLines` with an ellipsis. */
  cut: boolean;
  /** Needs more than `maxLines` even at `minSize` and was not allowed to be cut: every line is kept. */
  overflow: boolean;
}

/**
 * Fits `text` (paragraphs split by `\n`) into lines of at most `width` points: at `size`, or, when it
 * needs more than `maxLines` lines, at the largest size down to `minSize` where it does not. Measures
 * with the document's fonts, so its current font and size change.
 */
export function fitText(doc: PdfDocument, text: string, width: number, options: FitOptions): FittedText {
  const font = options.font ?? 'regular';
  const { maxLines } = options;
  const minSize = Math.min(options.minSize ?? options.size, options.size);
  const at = (size: number) => {
    doc.font(font).fontSize(size);
    return { size, lines: wrap(doc, text, width) };
  };
  let fit = at(options.size);
  while (maxLines !== undefined && fit.lines.length > maxLines && fit.size - SIZE_STEP >= minSize) {
    fit = at(fit.size - SIZE_STEP);
  }
  const tooLong = maxLines !== undefined && fit.lines.length > maxLines;
  const cut = tooLong && options.ellipsis === true && maxLines > 0;
  const lines = cut
    ? [...fit.lines.slice(0, maxLines - 1), withEllipsis(doc, fit.lines[maxLines - 1], width)]
    : fit.lines;
  const lineHeight = doc.currentLineHeight(true) + fit.size * (options.leading ?? 0);
  return {
    font,
    size: fit.size,
    lineHeight,
    lines,
    height: lines.length * lineHeight,
    shrunk: fit.size < options.size,
    cut,
    overflow: tooLong && !cut,
  };
}

export interface TextStyle {
  color: string;
  align?: 'left' | 'center' | 'right';
}

/**
 * Draws the lines `fitText` measured, one by one, in the box `width` wide whose top left is (x, y):
 * nothing is wrapped or cut again, so what was measured to fit is what is drawn.
 */
export function drawText(
  doc: PdfDocument,
  text: FittedText,
  box: { x: number; y: number; width: number },
  style: TextStyle,
): void {
  doc.font(text.font).fontSize(text.size).fillColor(style.color);
  text.lines.forEach((line, i) => {
    if (!line) return;
    const free = box.width - doc.widthOfString(line);
    const dx = style.align === 'center' ? free / 2 : style.align === 'right' ? free : 0;
    doc.text(line, box.x + dx, box.y + i * text.lineHeight, { lineBreak: false });
  });
  // Where pdfkit leaves a text it wrapped itself: below it, at its left edge.
  doc.x = box.x;
  doc.y = box.y + text.height;
}

/**
 * The lines of `text` at the document's current font and size: as many words on each as fit (at the
 * breaks of the Unicode line-breaking rules and between Lao words), a word longer than a whole line
 * split between letters, never inside one.
 */
function wrap(doc: PdfDocument, text: string, width: number): string[] {
  if (!text) return [];
  const fits = (line: string) => doc.widthOfString(visible(line)) <= width + EPSILON;
  const lines: string[] = [];
  for (const paragraph of text.split(/\r?\n/)) {
    let line = '';
    for (const run of runs(breakable(paragraph))) {
      const whole = run.join('');
      if (fits(line + whole)) {
        line += whole;
        continue;
      }
      // A short Lao run (a name, a word or two) goes to the next line whole rather than being split.
      if (line && fits(whole) && doc.widthOfString(visible(whole)) <= width * KEEP_WHOLE) {
        lines.push(line);
        line = whole;
        continue;
      }
      for (const word of run) {
        if (fits(line + word)) {
          line += word;
          continue;
        }
        if (line) lines.push(line);
        line = '';
        if (fits(word)) {
          line = word;
          continue;
        }
        for (const { segment: cluster } of CLUSTERS.segment(word)) {
          if (line && !fits(line + cluster)) {
            const carried = LAO_PREFIX_VOWEL.test(line) && line.length > 1 ? line.slice(-1) : '';
            lines.push(line.slice(0, line.length - carried.length));
            line = carried;
          }
          line += cluster;
        }
      }
    }
    lines.push(line);
  }
  return lines.map(visible);
}

/**
 * The words of `text` (the pieces between two places a line may break, each with its trailing spaces),
 * grouped in runs: Lao words written together, without a space, are one run.
 */
function runs(text: string): string[][] {
  const breaker = new LineBreaker(text);
  const result: string[][] = [];
  let run: string[] = [];
  let start = 0;
  for (let next = breaker.nextBreak(); next; next = breaker.nextBreak()) {
    const word = text.slice(start, next.position);
    run.push(word);
    if (!word.endsWith(ZERO_WIDTH_SPACE)) {
      result.push(run);
      run = [];
    }
    start = next.position;
  }
  if (run.length) result.push(run);
  return result;
}

/** A line as drawn: no break marks, no spaces at its end. */
function visible(line: string): string {
  return line.replaceAll(ZERO_WIDTH_SPACE, '').trimEnd();
}

/** `line` ending in an ellipsis, as many of its letters kept as fit in `width` with it. */
function withEllipsis(doc: PdfDocument, line: string, width: number): string {
  const clusters = Array.from(CLUSTERS.segment(line), ({ segment }) => segment);
  const kept = () => clusters.join('').trimEnd();
  while (
    clusters.length &&
    (doc.widthOfString(kept() + ELLIPSIS) > width + EPSILON || LAO_PREFIX_VOWEL.test(kept()))
  ) {
    clusters.pop();
  }
  return kept() + ELLIPSIS;
}
