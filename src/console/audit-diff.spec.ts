import { auditDiff } from './audit-diff';

describe('auditDiff', () => {
  it('shows only the fields that changed, named and valued in the reader’s language', () => {
    const before = { email: 'a@example.la', name: 'Somchai', roles: ['trainer'], active: true, version: 1 };
    const after = {
      email: 'a@example.la',
      name: 'Somchai P.',
      roles: ['trainer', 'auditor'],
      active: false,
      version: 2,
    };
    expect(auditDiff(before, after, 'lo')).toEqual([
      { field: 'ຊື່', before: 'Somchai', after: 'Somchai P.' },
      { field: 'ບົດບາດ', before: 'ຄູຝຶກ', after: 'ຄູຝຶກ, ຜູ້ກວດສອບ' },
      { field: 'ເປີດໃຊ້ງານ', before: 'ແມ່ນ', after: 'ບໍ່ແມ່ນ' },
    ]);
  });

  it('shows every field of a creation, with nothing before', () => {
    expect(auditDiff(null, { province: 'LA-VT', licenceExpiresOn: '2027-03-01' }, 'en')).toEqual([
      { field: 'Province', before: null, after: 'Vientiane Capital' },
      { field: 'Licence expiry date', before: null, after: '1 March 2027' },
    ]);
  });

  it('reads nested records and lists by name, and says when a value is empty', () => {
    const rows = auditDiff(
      { auditors: [], agency: { id: 'x', nameLo: 'ບໍລິສັດ', nameEn: 'Company' }, stage: 'audit' },
      { auditors: [{ id: 'u1', name: 'Auditor One' }], agency: null, stage: 'certified' },
      'en',
    );
    expect(rows).toEqual([
      { field: 'Auditors', before: '(none)', after: 'Auditor One' },
      { field: 'Agency', before: 'Company', after: '(none)' },
      { field: 'Stage', before: 'Audit', after: 'Certified' },
    ]);
  });

  it('words a moment in Lao time and leaves unknown fields by their key', () => {
    expect(auditDiff(null, { changedAt: '2026-11-24T20:30:00.000Z', foo: 'bar' }, 'lo')).toEqual([
      { field: 'changedAt', before: null, after: '25/11/2026 03:30' },
      { field: 'foo', before: null, after: 'bar' },
    ]);
  });
});
