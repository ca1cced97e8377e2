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

/** Columns the export writes that an import accepts and ignores (a status changes only with a reason). */
export const AGENCY_CSV_READ_ONLY = ['licenceStatus'] as const;

type CsvRow = Record<(typeof AGENCY_CSV_COLUMNS)[number], string>;

export function toCsvRow(agency: AgencyResponseDto): CsvRow & { licenceStatus: string } {
  return {
    licenceNumber: agency.licenceNumber,
    nameLo: agency.nameLo,
    nameEn: agency.nameEn,
    licenceIssuedOn: agency.licenceIssuedOn,
    licenceExpiresOn: agency.licenceExpiresOn,
    province: agency.province,
    district: agency.district,
    address: agency.address,
    phone: agency.phone,
    email: agency.email ?? '',
    destinationCountries: agency.destinationCountries.join(';'),
    contactPerson: agency.contactPerson,
    licenceStatus: agency.licenceStatus,
  };
}

/** Undoes the export's formula escaping (csv-stringify `escape_formulas`), e.g. '+856 back to +856. */
const unescapeFormula = (value: string) => value.replace(/^'([=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20])/, '$1');

/** A CSV row as the API body it stands for; validation is the API's own (CreateAgencyDto). */
export function fromCsvRow(csv: CsvRow): Record<keyof CreateAgencyDto, unknown> {
  const row = Object.fromEntries(
    Object.entries(csv).map(([k, v]) => [k, unescapeFormula(v ?? '')]),
  ) as CsvRow;
  return {
    ...row,
    email: row.email === '' ? undefined : row.email,
    destinationCountries: row.destinationCountries.split(/[;,\s]+/).filter(Boolean),
  };
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
