import type { AgencyResponseDto } from '../agencies/agencies.dto';
import { AGENCY_CSV_COLUMNS } from '../agencies/agency-csv';
import { countryCodesOf } from '../reference/countries';
import { type FormErrors, list, text } from './forms';

/** The destination countries offered as checkboxes; any other is typed by name. */
export const COMMON_DESTINATIONS = ['TH', 'JP', 'KR', 'MY', 'SG', 'CN'] as const;

/** The agency form's fields: the import's columns, in the same order (licenceNumber only when registering). */
export const AGENCY_FIELDS = AGENCY_CSV_COLUMNS;
export type AgencyField = (typeof AGENCY_FIELDS)[number];

const OPTIONAL: readonly AgencyField[] = ['district', 'address', 'phone', 'email', 'contactPerson'];

/** What the agency form holds: strings as typed, the countries as codes. */
export type AgencyFormValues = Partial<Record<Exclude<AgencyField, 'destinationCountries'>, string>> & {
  destinationCountries: string[];
};

/** The form's values as typed (checkboxes plus the countries typed by name, which become codes). */
export function agencyFormValues(body: Record<string, unknown>): AgencyFormValues {
  const values: AgencyFormValues = { destinationCountries: [] };
  for (const field of AGENCY_FIELDS) {
    if (field !== 'destinationCountries') values[field] = text(body[field]);
  }
  const typed = text(body.otherCountries);
  const codes = [...list(body.destinationCountries), ...(typed ? countryCodesOf(typed) : [])];
  values.destinationCountries = [...new Set(codes)];
  return values;
}

/**
 * The API body a form stands for: an optional field left empty is left out when registering, and
 * cleared (null) when editing, as a PATCH does.
 */
export function agencyBody(values: AgencyFormValues, mode: 'create' | 'update'): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  for (const field of AGENCY_FIELDS) {
    if (mode === 'update' && field === 'licenceNumber') continue;
    const value = values[field];
    if (value === undefined && OPTIONAL.includes(field)) {
      if (mode === 'update') body[field] = null;
      continue;
    }
    body[field] = value;
  }
  return body;
}

/** An agency's values as its edit form shows them. */
export function formValuesOf(agency: AgencyResponseDto): AgencyFormValues {
  const values: AgencyFormValues = { destinationCountries: [...agency.destinationCountries] };
  for (const field of AGENCY_FIELDS) {
    if (field !== 'destinationCountries') values[field] = agency[field] ?? undefined;
  }
  return values;
}

/** The values an edit form was opened with, sent back as JSON in a hidden field; only known fields kept. */
export function openedValues(raw: unknown): AgencyFormValues | null {
  const json = text(raw);
  if (!json) return null;
  try {
    const parsed = JSON.parse(json) as Record<string, unknown>;
    return agencyFormValues({ ...parsed, otherCountries: undefined });
  } catch {
    return null;
  }
}

const same = (a: AgencyFormValues, b: AgencyFormValues, field: AgencyField) =>
  field === 'destinationCountries'
    ? [...a.destinationCountries].sort().join(';') === [...b.destinationCountries].sort().join(';')
    : (a[field] ?? '') === (b[field] ?? '');

/** One field of a version conflict: what the other person saved, and what this person typed. */
export interface ConflictRow {
  field: AgencyField;
  theirs: string | string[] | undefined;
  yours: string | string[] | undefined;
  /** Both changed it, to different values: re-applying keeps this person's. */
  clash: boolean;
}

/**
 * Someone saved the agency after this person opened the form (STALE_VERSION): the fields the other person
 * changed, the changes of this person's own that they did not touch, and the values to re-apply: the
 * current ones with this person's own changes on top.
 */
export function resolveConflict(
  opened: AgencyFormValues,
  current: AgencyFormValues,
  typed: AgencyFormValues,
): { rows: ConflictRow[]; mine: ConflictRow[]; merged: AgencyFormValues } {
  const merged: AgencyFormValues = { ...current, destinationCountries: [...current.destinationCountries] };
  const rows: ConflictRow[] = [];
  const mine: ConflictRow[] = [];
  for (const field of AGENCY_FIELDS) {
    if (field === 'licenceNumber') continue;
    const theyChanged = !same(opened, current, field);
    const youChanged = !same(opened, typed, field);
    if (youChanged) {
      if (field === 'destinationCountries') merged.destinationCountries = [...typed.destinationCountries];
      else merged[field] = typed[field];
    }
    if (youChanged && !theyChanged) {
      mine.push({ field, theirs: current[field], yours: typed[field], clash: false });
    }
    if (theyChanged) {
      rows.push({
        field,
        theirs: current[field],
        yours: typed[field],
        clash: youChanged && !same(current, typed, field),
      });
    }
  }
  return { rows, mine, merged };
}

/**
 * A destination country the validator refused can only come from the names typed (the checkboxes offer
 * valid codes): the refusal goes by that field, worded as `message`.
 */
export function onTypedCountries(errors: FormErrors, message: string): FormErrors {
  const typed = (field?: string) =>
    field === 'destinationCountries' || field?.startsWith('destinationCountries[');
  const fields: Record<string, string> = {};
  for (const [field, text] of Object.entries(errors.fields)) {
    if (typed(field)) fields.otherCountries = message;
    else fields[field] = text;
  }
  const summary = errors.summary.filter((line) => !typed(line.field));
  if (fields.otherCountries) summary.push({ field: 'otherCountries', message });
  return { ...errors, fields, summary };
}
