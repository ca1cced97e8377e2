/**
 * PDF layouts kept as data in `templates/pdf/*.json` (layout and wording not buried in code).
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
  /** At most this many lines: a longer text is set smaller (down to 60 %), then cut with an ellipsis. */
  maxLines?: number;
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
  rows: { label: string; value: string; bold?: boolean; maxLines?: number }[];
}

export interface QrElement {
  type: 'qr';
  value: string;
  x: number;
  y: number;
  size: number;
}

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
