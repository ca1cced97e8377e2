import { count, scaleOf } from './chart-scale';

/**
 * The report's charts as inline SVG for the console's pages, drawn on the server so they need no script.
 * Each is an image with a title and a description that reads out every figure; the page shows the same
 * figures as a table beside it. Pure: labels come in already worded, in the reader's language.
 */

export interface ChartPoint {
  label: string;
  value: number;
}

const WIDTH = 320;
const BAR = '#2f6db3';
const INK = '#1a1a1a';
const MUTED = '#505a66';
const GRID = '#d5dce6';

/** Horizontal bars, one row each: its label above the bar, its figure after it. */
export function barChart(id: string, title: string, points: ChartPoint[]): string {
  const rowHeight = 40;
  const valueWidth = 56;
  // Lao vowels written before their consonant reach left of the pen: labels start a little in.
  const left = 4;
  const plotWidth = WIDTH - left - valueWidth;
  const scale = scaleOf(Math.max(0, ...points.map((p) => p.value)));
  const rows = points.map(({ label, value }, i) => {
    const top = i * rowHeight;
    const width = (value / scale.top) * plotWidth;
    return [
      `<text x="${left}" y="${top + 14}" font-size="13" fill="${INK}">${escape(label)}</text>`,
      width > 0
        ? `<rect x="${left}" y="${top + 20}" width="${round(width)}" height="14" fill="${BAR}"/>`
        : '',
      `<text x="${round(left + width + 5)}" y="${top + 32}" font-size="12" font-weight="700" fill="${INK}">${count(value)}</text>`,
    ].join('');
  });
  const height = points.length * rowHeight + 4;
  const axis = `<line x1="${left - 0.5}" y1="18" x2="${left - 0.5}" y2="${height - 4}" stroke="${MUTED}"/>`;
  return svg(id, title, points, height, axis + rows.join(''));
}

/**
 * Columns over time (issued per month), with a scale on the left. Month labels `MM/YY` under every column
 * while they fit, else under every 2nd, 3rd, …
 */
export function columnChart(id: string, title: string, points: ChartPoint[], empty: string): string {
  const axisWidth = 28;
  const plotTop = 14;
  const plotHeight = 120;
  const base = plotTop + plotHeight;
  const plotWidth = WIDTH - axisWidth - 2;
  const max = Math.max(0, ...points.map((p) => p.value));
  const scale = scaleOf(max);
  const parts: string[] = [];
  for (let tick = 0; tick <= scale.top; tick += scale.step) {
    const y = round(base - (tick / scale.top) * plotHeight);
    if (tick > 0) parts.push(`<line x1="${axisWidth}" y1="${y}" x2="${WIDTH}" y2="${y}" stroke="${GRID}"/>`);
    parts.push(
      `<text x="${axisWidth - 4}" y="${y + 4}" font-size="10" text-anchor="end" fill="${MUTED}">${count(tick)}</text>`,
    );
  }
  const slot = points.length ? plotWidth / points.length : 0;
  const every = slot ? Math.max(1, Math.ceil(34 / slot)) : 1;
  points.forEach(({ label, value }, i) => {
    const middle = axisWidth + (i + 0.5) * slot;
    const height = (value / scale.top) * plotHeight;
    const width = Math.min(slot * 0.62, 22);
    if (value > 0) {
      parts.push(
        `<rect x="${round(middle - width / 2)}" y="${round(base - height)}" width="${round(width)}" height="${round(height)}" fill="${BAR}"/>`,
      );
      if (slot >= 14) {
        parts.push(
          `<text x="${round(middle)}" y="${round(base - height - 3)}" font-size="10" font-weight="700" text-anchor="middle" fill="${INK}">${count(value)}</text>`,
        );
      }
    }
    if (i % every === 0) {
      parts.push(
        `<text x="${round(middle)}" y="${base + 14}" font-size="9" text-anchor="middle" fill="${MUTED}">${escape(label)}</text>`,
      );
    }
  });
  parts.push(`<line x1="${axisWidth}" y1="${base}" x2="${WIDTH}" y2="${base}" stroke="${INK}"/>`);
  if (max === 0) {
    parts.push(
      `<text x="${axisWidth + plotWidth / 2}" y="${plotTop + plotHeight / 2}" font-size="12" text-anchor="middle" fill="${MUTED}">${escape(empty)}</text>`,
    );
  }
  return svg(id, title, points, base + 20, parts.join(''));
}

/** The image: its title, and a description naming every figure (what a screen reader reads). */
function svg(id: string, title: string, points: ChartPoint[], height: number, body: string): string {
  const description = points.map((p) => `${p.label}: ${count(p.value)}`).join('; ');
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${WIDTH} ${height}" width="${WIDTH}" height="${height}" ` +
    `aria-labelledby="${id}-title ${id}-desc" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${id}-title">${escape(title)}</title><desc id="${id}-desc">${escape(description)}</desc>` +
    `${body}</svg>`
  );
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

function escape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
