import { create } from 'qrcode';

/** The dark modules of `text`'s QR code (error correction M), as rows of booleans. */
export function qrModules(text: string): boolean[][] {
  const { modules } = create(text, { errorCorrectionLevel: 'M' });
  return Array.from({ length: modules.size }, (_, row) =>
    Array.from({ length: modules.size }, (_, col) => modules.get(row, col) === 1),
  );
}

/** Anything that can draw filled rectangles: a pdfkit document. */
export interface RectCanvas {
  rect(x: number, y: number, w: number, h: number): unknown;
  fill(color: string): unknown;
}

/**
 * Draws the QR code as vector squares (sharp at any zoom, smaller than an image), one fill for all.
 * Runs of dark modules in a row are merged into one rectangle. `size` includes no quiet zone: leave
 * four modules of white around it.
 */
export function drawQr(canvas: RectCanvas, text: string, x: number, y: number, size: number): void {
  const rows = qrModules(text);
  const unit = size / rows.length;
  rows.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (c + 1 < row.length && row[c + 1]) c++;
      canvas.rect(x + start * unit, y + r * unit, (c - start + 1) * unit, unit);
    }
  });
  canvas.fill('#000000');
}

/**
 * The QR code of `text` as an inline SVG (for web pages), four modules of quiet zone around it. One path:
 * a horizontal run of dark modules per segment, as drawQr draws them.
 */
export function qrSvg(text: string, label: string): string {
  const rows = qrModules(text);
  const size = rows.length + 8;
  const runs: string[] = [];
  rows.forEach((row, r) => {
    for (let c = 0; c < row.length; c++) {
      if (!row[c]) continue;
      const start = c;
      while (c + 1 < row.length && row[c + 1]) c++;
      runs.push(`M${start + 4} ${r + 4}h${c - start + 1}v1h-${c - start + 1}z`);
    }
  });
  const escaped = label.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}" role="img" aria-label="${escaped}" shape-rendering="crispEdges">` +
    `<rect width="${size}" height="${size}" fill="#fff"/><path fill="#000" d="${runs.join('')}"/></svg>`
  );
}
