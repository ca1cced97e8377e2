import { formatDate, formatMoment, type Language, loadMessages, type Messages } from '../common/i18n';
import { PROVINCES } from '../reference/provinces';

/** One changed field of an audit-log entry, worded for the reader: its name, old value → new value. */
export interface DiffRow {
  field: string;
  before: string | null;
  after: string | null;
}

/** Fields every record carries that say nothing about what changed. */
const NOISE = new Set(['id', 'version', 'createdAt', 'updatedAt']);

/** Where a field's coded values are worded (`<prefix><value>`), tried in order. */
const VALUE_WORDS: Record<string, string[]> = {
  roles: ['console.role.'],
  role: ['console.role.'],
  stage: ['report.stage.'],
  to: ['report.stage.'],
  from: ['report.stage.'],
  sex: ['report.sex.'],
  status: ['status.', 'console.audit.value.'],
  licenceStatus: ['status.', 'console.audit.value.'],
  fromStatus: ['status.', 'console.audit.value.'],
  toStatus: ['status.', 'console.audit.value.'],
  severity: ['console.audit.value.'],
  kind: ['console.audit.value.'],
  type: ['console.audit.value.'],
  language: ['console.audit.value.'],
};

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const MOMENT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/;

/**
 * The fields an entry changed, each worded in `lang`: on a creation (no `before`) every field it was
 * created with; on a change only those whose value differs. Arrays and nested records read as lists.
 */
export function auditDiff(
  before: Record<string, unknown> | null,
  after: Record<string, unknown> | null,
  lang: Language,
): DiffRow[] {
  const words = loadMessages(lang);
  const keys = [...new Set([...Object.keys(after ?? {}), ...Object.keys(before ?? {})])];
  return keys
    .filter((key) => !NOISE.has(key))
    .filter((key) => JSON.stringify(before?.[key]) !== JSON.stringify(after?.[key]))
    .map((key) => ({
      field: fieldName(key, words),
      before: before && key in before ? valueText(key, before[key], lang, words) : null,
      after: after && key in after ? valueText(key, after[key], lang, words) : null,
    }));
}

/** A field's name in the reader's language: the forms' own label, else the audit log's, else the key. */
export function fieldName(key: string, words: Messages): string {
  return words[`field.${key}`] ?? words[`console.audit.field.${key}`] ?? key;
}

function valueText(key: string, value: unknown, lang: Language, words: Messages): string {
  if (value === null || value === undefined || value === '') return words['console.audit.empty'];
  if (typeof value === 'boolean') return words[`console.audit.${value ? 'yes' : 'no'}`];
  if (Array.isArray(value)) {
    if (value.length === 0) return words['console.audit.empty'];
    return value.map((one) => valueText(key, one, lang, words)).join(', ');
  }
  if (typeof value === 'object') return recordText(value as Record<string, unknown>, lang, words);
  const text = String(value);
  if (key === 'province') {
    const province = PROVINCES.find((p) => p.code === text);
    if (province) return lang === 'lo' ? province.nameLo : province.nameEn;
  }
  if (DAY.test(text)) return formatDate(text, lang, words);
  if (MOMENT.test(text) && !Number.isNaN(Date.parse(text))) return formatMoment(text, lang, words);
  for (const prefix of VALUE_WORDS[key] ?? []) {
    if (words[`${prefix}${text}`]) return words[`${prefix}${text}`];
  }
  return text;
}

/** A nested record: a person or an agency by name, anything else as `field: value` pairs. */
function recordText(record: Record<string, unknown>, lang: Language, words: Messages): string {
  if (typeof record.nameLo === 'string' && typeof record.nameEn === 'string') {
    return lang === 'lo' ? record.nameLo : record.nameEn;
  }
  if (typeof record.name === 'string') return record.name;
  return Object.entries(record)
    .filter(([key]) => !NOISE.has(key))
    .map(([key, value]) => `${fieldName(key, words)}: ${valueText(key, value, lang, words)}`)
    .join('; ');
}
