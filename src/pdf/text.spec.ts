import PDFDocument from 'pdfkit';
import { breakable, drawText, embedFonts, fitText, type PdfDocument, readFonts } from './text';

const fonts = readFonts();

function newDocument(): PdfDocument {
  const doc = new PDFDocument({ size: 'A4', margin: 0, font: null as unknown as string });
  embedFonts(doc, fonts);
  return doc;
}

const doc = newDocument();
afterAll(() => doc.end());

/** A long agency name as Lao is written: without spaces between its words. */
const LAO_NAME = 'ບໍລິສັດຈັດຫາງານສາກົນສີສະຫວາດພັດທະນາແຮງງານແລະການບໍລິການຈັດສົ່ງແຮງງານໄປເຮັດວຽກຢູ່ຕ່າງປະເທດຈຳກັດ';
const MARK = /^\p{M}/u;
const PREFIX_VOWEL = /[\u0ec0-\u0ec4]$/;

/** Where ICU's dictionary puts the boundaries between the words of `text`. */
function wordBoundaries(text: string): Set<number> {
  const segments = new Intl.Segmenter('lo', { granularity: 'word' }).segment(text);
  return new Set([...segments].map(({ index }) => index).concat(text.length));
}

/** Where each line ends in the text it was cut from (lines joined give the text back). */
function lineEnds(lines: string[]): number[] {
  let end = 0;
  return lines.map((line) => (end += line.length));
}

describe('breakable', () => {
  it('marks a break between two Lao words, and nowhere inside one', () => {
    expect(breakable('ບໍລິສັດຈັດຫາງານ')).toBe('ບໍລິສັດ\u200bຈັດຫາ\u200bງານ');
  });

  it('keeps a number with the word before it and a separator at the end of its line', () => {
    expect(breakable('version 1.2 / IRIS Standard')).toBe('version\u00a01.2\u00a0/ IRIS Standard');
  });
});

describe('fitText', () => {
  it('wraps a long Lao name between words, never inside one, each line inside the width', () => {
    const width = 300;
    const fitted = fitText(doc, LAO_NAME, width, { size: 19, font: 'bold' });
    expect(fitted.lines.length).toBeGreaterThan(2);
    expect(fitted.lines.join('')).toBe(LAO_NAME);
    const boundaries = wordBoundaries(LAO_NAME);
    for (const end of lineEnds(fitted.lines)) expect(boundaries).toContain(end);
    for (const line of fitted.lines) {
      expect(line).not.toMatch(MARK);
      expect(doc.font('bold').fontSize(19).widthOfString(line)).toBeLessThanOrEqual(width);
    }
  });

  it('splits a word longer than its line between letters, never before a mark or after ເ ແ ໂ ໃ ໄ', () => {
    const word = 'ສະຫວັດດີການເຄື່ອນຍ້າຍຖິ່ນຖານ';
    const fitted = fitText(doc, word, 40, { size: 12 });
    expect(fitted.lines.length).toBeGreaterThan(2);
    expect(fitted.lines.join('')).toBe(word);
    for (const line of fitted.lines) {
      expect(line).not.toMatch(MARK);
      expect(line).not.toMatch(PREFIX_VOWEL);
    }
  });

  it('moves a short Lao run (a name) to the next line whole rather than splitting it', () => {
    const name = 'ບໍລິສັດ ຈັດຫາງານ ສາກົນ ພົງສະຫວັນ ພັດທະນາ ແຮງງານ ສີສະຫວາດ ຈຳກັດ';
    // Room for "ສີ", the first of the two dictionary words of the name "ສີສະຫວາດ", on the first line.
    const width =
      doc.font('regular').fontSize(12).widthOfString('ບໍລິສັດ ຈັດຫາງານ ສາກົນ ພົງສະຫວັນ ພັດທະນາ ແຮງງານ ສີ') + 1;
    const fitted = fitText(doc, name, width, { size: 12 });
    expect(fitted.lines).toEqual(['ບໍລິສັດ ຈັດຫາງານ ສາກົນ ພົງສະຫວັນ ພັດທະນາ ແຮງງານ', 'ສີສະຫວາດ ຈຳກັດ']);
  });

  it('breaks English at spaces, after a slash or a hyphen, and keeps paragraphs apart', () => {
    const fitted = fitText(
      doc,
      'Scan to check it:\nhttps://iris.molsw.gov.la/verify/IRIS-LA-2026-0001',
      130,
      {
        size: 7.5,
      },
    );
    expect(fitted.lines).toEqual([
      'Scan to check it:',
      'https://iris.molsw.gov.la/verify/IRIS-',
      'LA-2026-0001',
    ]);
  });

  it('sets a text too long for its lines smaller, down to the smallest size, and says at which', () => {
    const text = 'Sisavath International Manpower Development and Overseas Employment Services';
    const width = 300;
    const fitted = fitText(doc, text, width, { size: 20, maxLines: 2, minSize: 12 });
    expect(fitted).toMatchObject({ shrunk: true, cut: false, overflow: false });
    expect(fitted.size).toBeLessThan(20);
    expect(fitted.size).toBeGreaterThanOrEqual(12);
    expect(fitted.lines).toHaveLength(2);
    expect(fitted.height).toBeCloseTo(2 * fitted.lineHeight);
    // The largest size that fits: half a point more needs a third line.
    expect(fitText(doc, text, width, { size: fitted.size + 0.5 }).lines.length).toBeGreaterThan(2);
  });

  it('keeps the size asked for when the text fits', () => {
    const fitted = fitText(doc, 'IRIS-LA-2026-0001', 250, { size: 9, maxLines: 1, minSize: 5 });
    expect(fitted).toMatchObject({ size: 9, shrunk: false, cut: false, overflow: false });
    expect(fitted.lines).toEqual(['IRIS-LA-2026-0001']);
  });

  it('cuts with an ellipsis only when allowed, and otherwise keeps every line and says so', () => {
    const text = 'Ethical recruitment abroad. '.repeat(12).trim();
    const options = { size: 9, maxLines: 2, minSize: 8 };
    const kept = fitText(doc, text, 200, options);
    expect(kept).toMatchObject({ size: 8, cut: false, overflow: true });
    expect(kept.lines.length).toBeGreaterThan(2);
    expect(kept.lines.join(' ')).toBe(text);

    const cut = fitText(doc, text, 200, { ...options, ellipsis: true });
    expect(cut).toMatchObject({ size: 8, cut: true, overflow: false });
    expect(cut.lines).toHaveLength(2);
    expect(cut.lines[0]).toBe(kept.lines[0]);
    expect(cut.lines[1]).toMatch(/…$/);
    expect(doc.widthOfString(cut.lines[1])).toBeLessThanOrEqual(200);
  });

  it('cuts Lao between letters, leaving no mark without its consonant', () => {
    const cut = fitText(doc, LAO_NAME, 200, { size: 12, maxLines: 1, ellipsis: true });
    expect(cut.lines).toHaveLength(1);
    const kept = cut.lines[0].slice(0, -1);
    expect(LAO_NAME.startsWith(kept)).toBe(true);
    expect(LAO_NAME.slice(kept.length)).not.toMatch(MARK);
  });
});

describe('drawText', () => {
  it('draws exactly the lines measured, one each, inside the box and aligned in it', () => {
    const page = newDocument();
    const box = { x: 60, y: 100, width: 220 };
    const fitted = fitText(page, `${LAO_NAME}\nPhongsavanh Recruitment Co., Ltd.`, box.width, {
      size: 14,
      leading: 0.15,
    });
    const text = jest.spyOn(page, 'text');
    drawText(page, fitted, box, { color: '#1a1a1a', align: 'right' });
    const drawn = (text.mock.calls as unknown as [string, number, number][]).map(([line, x, y]) => ({
      text: line,
      x,
      y,
      width: page.font(fitted.font).fontSize(fitted.size).widthOfString(line),
    }));

    expect(drawn.map((line) => line.text)).toEqual(fitted.lines);
    drawn.forEach((line, i) => {
      expect(line.y).toBeCloseTo(box.y + i * fitted.lineHeight);
      expect(line.x).toBeGreaterThanOrEqual(box.x - 1e-6);
      expect(line.x + line.width).toBeCloseTo(box.x + box.width);
    });
    expect(page.y).toBeCloseTo(box.y + fitted.height);
    page.end();
  });
});
