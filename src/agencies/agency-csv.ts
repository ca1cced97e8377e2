import type { ColumnRules } from '../common/tables';
import { toIsoDate } from '../common/tables';
import { countryCodesOf } from '../reference/countries';
import { provinceCodeOf } from '../reference/provinces';
import type { AgencyResponseDto, CreateAgencyDto } from './agencies.dto';

/** The import's columns, in the template's and the export's order (the export adds licenceStatus). */
export const AGENCY_CSV_COLUMNS = [
  'licenceNumber',
  'nameLo',
  'nameEn',
  'licenceIssuedOn',
  'licenceExpiresOn',
  'province',
  'district',
  'address',
  'phone',
  'email',
  'destinationCountries',
  'contactPerson',
] as const;
type Column = (typeof AGENCY_CSV_COLUMNS)[number];

/** Columns a file must have; the others may be left out, as the ministry's spreadsheets have gaps. */
export const AGENCY_REQUIRED_COLUMNS = [
  'licenceNumber',
  'nameLo',
  'nameEn',
  'licenceIssuedOn',
  'licenceExpiresOn',
  'province',
] as const satisfies readonly Column[];

const DATE_COLUMNS: readonly Column[] = ['licenceIssuedOn', 'licenceExpiresOn'];

/** Columns the export writes that an import accepts and ignores (a status changes only with a reason). */
export const AGENCY_CSV_READ_ONLY = ['licenceStatus'] as const;

export const AGENCY_COLUMN_RULES: ColumnRules = {
  required: AGENCY_REQUIRED_COLUMNS,
  optional: AGENCY_CSV_COLUMNS.filter((c) => !(AGENCY_REQUIRED_COLUMNS as readonly string[]).includes(c)),
  ignored: AGENCY_CSV_READ_ONLY,
};

type CsvRow = Record<Column, string>;

export function toCsvRow(agency: AgencyResponseDto): CsvRow & { licenceStatus: string } {
  return {
    licenceNumber: agency.licenceNumber,
    nameLo: agency.nameLo,
    nameEn: agency.nameEn,
    licenceIssuedOn: agency.licenceIssuedOn,
    licenceExpiresOn: agency.licenceExpiresOn,
    province: agency.province,
    district: agency.district ?? '',
    address: agency.address ?? '',
    phone: agency.phone ?? '',
    email: agency.email ?? '',
    destinationCountries: agency.destinationCountries.join(';'),
    contactPerson: agency.contactPerson ?? '',
    licenceStatus: agency.licenceStatus,
  };
}

/** Undoes the export's formula escaping (csv-stringify `escape_formulas`), e.g. '+856 back to +856. */
const unescapeFormula = (value: string) => value.replace(/^'([=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/, '$1');

/**
 * A row as the API body it stands for; validation is the API's own (CreateAgencyDto). An optional
 * column that is missing or empty is left out: a new agency gets null there, an existing one keeps
 * what it has. Dates written DD/MM/YYYY become YYYY-MM-DD; provinces and countries may be written by name
 * (in English or Lao) as well as by code.
 */
export function fromCsvRow(
  csv: Partial<Record<string, string>>,
): Partial<Record<keyof CreateAgencyDto, unknown>> {
  const body: Partial<Record<Column, unknown>> = {};
  for (const column of AGENCY_CSV_COLUMNS) {
    const value = unescapeFormula(csv[column] ?? '');
    const required = (AGENCY_REQUIRED_COLUMNS as readonly string[]).includes(column);
    if (value === '' && !required) continue;
    body[column] = DATE_COLUMNS.includes(column)
      ? toIsoDate(value)
      : column === 'province'
        ? provinceCodeOf(value)
        : value;
  }
  if (typeof body.destinationCountries === 'string') {
    body.destinationCountries = countryCodesOf(body.destinationCountries);
  }
  return body;
}

export const AGENCY_CSV_EXAMPLE: CsvRow = {
  licenceNumber: 'MOLSW-RA-2023-014',
  nameLo: 'ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ ຈຳກັດ',
  nameEn: 'Sisavath Recruitment Co., Ltd.',
  licenceIssuedOn: '2023-03-01',
  licenceExpiresOn: '2026-02-28',
  province: 'LA-VT',
  district: 'Xaysetha',
  address: 'Ban Phonxay, Unit 12, Nongbone Road',
  phone: '+856 21 415 678',
  email: 'info@sisavath-recruit.la',
  destinationCountries: 'TH;KR',
  contactPerson: 'Ms. Vilayvanh Sisavath',
};
