/**
 * The scale and the number format the report's charts share, in the PDF and on the console's pages: one
 * rule for where an axis ends and how a figure is written.
 */

export interface Scale {
  /** The value at the end of the axis (at least 1, so nothing divides by zero). */
  top: number;
  /** Between ticks; whole numbers. */
  step: number;
}

/** A scale of about five whole-number ticks (1, 2 or 5 × 10ⁿ apart) from 0 to at least `max`. */
export function scaleOf(max: number): Scale {
  if (max <= 0) return { top: 1, step: 1 };
  const raw = max / 5;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = Math.max(1, [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw);
  return { top: Math.ceil(max / step) * step, step };
}

/** Thousands separated by commas (no locale data: the same bytes everywhere). */
export function count(value: number): string {
  return String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
