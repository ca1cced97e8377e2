import { AGENCY_COLUMN_RULES } from '../agencies/agency-csv';
import type { ImportLineOutcome } from '../agencies/agency-import.service';
import type { ImportResultDto } from '../common/csv-import.dto';
import type { Language } from '../common/i18n';
import { readRows, type Table } from '../common/tables';
import { fieldMessage } from '../common/validation';

/** One line of an import's preview: its licence number, what happens to it, and why not when refused. */
export interface PreviewLine {
  line: number;
  licenceNumber: string;
  outcome: ImportLineOutcome['outcome'] | 'rejected';
  reasons: string[];
}

/**
 * Every line of the sheet, in its order, as the dry run left it: each refusal worded in the person's
 * language (the rule's code), with the licence number the line gave.
 */
export function previewLines(
  table: Table,
  result: ImportResultDto,
  outcomes: ImportLineOutcome[],
  lang: Language,
): PreviewLine[] {
  const numbers = new Map(
    readRows(table, AGENCY_COLUMN_RULES).rows.map((r) => [r.line, r.row.licenceNumber]),
  );
  const rejected = result.rejected.map(({ line, errors }) => ({
    line,
    licenceNumber: numbers.get(line) ?? '',
    outcome: 'rejected' as const,
    reasons: errors.map((e) =>
      e.code ? fieldMessage(lang, e.field, e.code, e.params, e.message) : e.message,
    ),
  }));
  return [...outcomes.map((o) => ({ ...o, reasons: [] })), ...rejected].sort((a, b) => a.line - b.line);
}
