/**
 * PDF layouts kept as data in `templates/pdf/*.json` (layout and wording kept out of code).
 * Text may hold `{{lo.key}}` / `{{en.key}}` (the i18n files) and `{{data.path}}` (the document's data).
 */

export interface TextElement {
  type: 'text';
  text: string;
  /** Absolute position; without `y` the text follows the previous element, `gap` points lower. */
  x?: number;
  y?: number;
  width?: number;
  gap?: number;
  size: number;
  font?: 'regular' | 'bold';
  color?: string;
  align?: 'left' | 'center' | 'right';
  /** At most this many lines: a longer text is set smaller, down to 60 % of `size`. */
  maxLines?: number;
  /**
   * Only for data someone typed (a name, a title): what still exceeds `maxLines` at 60 % is cut with
   * an ellipsis. The service's own wording is never cut; a layout where it would not fit fails its test.
   */
  ellipsis?: boolean;
}

export interface RuleElement {
  type: 'rule';
  width: number;
  gap?: number;
  color?: string;
}

export interface FrameElement {
  type: 'frame';
  inset: number;
  lineWidth: number;
  color: string;
}

export interface FieldsElement {
  type: 'fields';
  x: number;
  y: number;
  width: number;
  labelWidth: number;
  size: number;
  rowGap?: number;
  labelColor?: string;
  /** A row whose value is empty is left out. */
  rows: { label: string; value: string; bold?: boolean; maxLines?: number; ellipsis?: boolean }[];
}

export interface QrElement {
  type: 'qr';
  value: string;
  x: number;
  y: number;
  size: number;
}

/**
 * Where a text was set and how (the renderer's layout decisions), so tests can check that every text fits
 * its place: the size used, whether it was set smaller or cut, and the lines it took.
 */
export interface TextBox {
  kind: 'text' | 'label' | 'value';
  text: string;
  x: number;
  y: number;
  width: number;
  height: number;
  size: number;
  requestedSize: number;
  lines: number;
  /** The lines as drawn (the last ending in an ellipsis when `ellipsised`). */
  drawn: string[];
  maxLines?: number;
  shrunk: boolean;
  ellipsised: boolean;
  /** More lines than `maxLines` even at the smallest size, drawn in full (the layout needs more room). */
  overflow: boolean;
}

export interface QrBox {
  kind: 'qr';
  x: number;
  y: number;
  width: number;
  height: number;
}

export type LayoutBox = TextBox | QrBox;

export type LayoutElement = TextElement | RuleElement | FrameElement | FieldsElement | QrElement;

export interface Layout {
  size: 'A4';
  layout: 'landscape' | 'portrait';
  margin: number;
  /** Document properties (title, subject), with the same placeholders. */
  title: string;
  subject: string;
  elements: LayoutElement[];
}

const PLACEHOLDER = /\{\{\s*([a-z]+)\.([\w.-]+)\s*\}\}/gi;

export type Context = Record<string, unknown>;

/** Replaces every placeholder; an unknown one is an error in the template, reported by name. */
export function fill(template: string, context: Context): string {
  return template.replace(PLACEHOLDER, (_match, scope: string, key: string) => {
    const root = context[scope];
    const value =
      scope === 'lo' || scope === 'en'
        ? (root as Record<string, string> | undefined)?.[key]
        : key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], root);
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new Error(`template placeholder {{${scope}.${key}}} has no text`);
    }
    return String(value);
  });
}

/**
 * What keeps a rendered layout from being right, one sentence each (empty when every text fits): a text
 * that needs more lines than its place has even at its smallest size, anything outside the page's
 * frame, and any two boxes that overlap.
 */
export function layoutProblems(
  boxes: readonly LayoutBox[],
  bounds: { x: number; y: number; width: number; height: number },
): string[] {
  const EPSILON = 0.01;
  const name = (box: LayoutBox) => (box.kind === 'qr' ? 'the QR code' : `"${box.text.slice(0, 40)}"`);
  const problems: string[] = [];
  for (const box of boxes) {
    if (box.kind !== 'qr' && box.overflow) {
      problems.push(`${name(box)} needs ${box.lines} lines at ${box.size} pt; its place has ${box.maxLines}`);
    }
    if (
      box.x < bounds.x - EPSILON ||
      box.y < bounds.y - EPSILON ||
      box.x + box.width > bounds.x + bounds.width + EPSILON ||
      box.y + box.height > bounds.y + bounds.height + EPSILON
    ) {
      problems.push(`${name(box)} leaves the page's frame`);
    }
  }
  boxes.forEach((a, i) =>
    boxes.slice(i + 1).forEach((b) => {
      const apart =
        a.x + a.width <= b.x + EPSILON ||
        b.x + b.width <= a.x + EPSILON ||
        a.y + a.height <= b.y + EPSILON ||
        b.y + b.height <= a.y + EPSILON;
      if (!apart) problems.push(`${name(a)} overlaps ${name(b)}`);
    }),
  );
  return problems;
}
