import countries from 'i18n-iso-countries';
import { layoutProblems, type TextBox } from '../pdf/layout';
import { PdfRenderer } from '../pdf/pdf-renderer';
import { certificateFields, scopeOf, type SignedCertificateData } from './certificate-document';

const renderer = new PdfRenderer();
const lo = renderer.messagesOf('lo');
const en = renderer.messagesOf('en');

/** `unit` repeated to exactly `length` characters (the API's maximum for the field). */
const upTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

const issued: SignedCertificateData = {
  type: 'IRIS-LA certificate',
  number: 'IRIS-LA-2026-0001',
  agency: {
    id: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    licenceNumber: 'MOLSW-RA-2023-007',
    nameLo: 'ບໍລິສັດ ຈັດຫາງານ ພົງສະຫວັນ ຈຳກັດ',
    nameEn: 'Phongsavanh Recruitment Co., Ltd.',
  },
  scope: scopeOf(['TH', 'JP'], lo, en),
  standardVersion: '1.2',
  originalIssuedOn: '2026-11-24',
  issuedOn: '2026-11-24',
  expiresOn: '2029-11-24',
  issuer: 'Ministry of Labour and Social Welfare, Lao PDR',
  verifyUrl: 'https://iris.molsw.gov.la/verify/IRIS-LA-2026-0001',
  keyId: 'kq4n1dWJmCkbrH1b2kNqYQxCn3OkwnIGdRJ5w5DWyJQ',
};

/** The eight longest official country names, and four more: the longest scope a certificate can have. */
const longestDestinations = Object.keys(countries.getAlpha2Codes())
  .map((code) => ({ code, name: countries.getName(code, 'en', { select: 'official' }) ?? '' }))
  .sort((a, b) => b.name.length - a.name.length)
  .slice(0, 12)
  .map(({ code }) => code);

const longest: SignedCertificateData = {
  ...issued,
  agency: {
    ...issued.agency,
    nameLo: upTo('ບໍລິສັດ ຈັດຫາງານ ສາກົນ ສີສະຫວາດ ພັດທະນາ ແຮງງານ ', 200),
    nameEn: upTo('Sisavath International Manpower Development and Overseas Employment Services ', 200),
    licenceNumber: 'MOLSW-RA-2024-0123456789/0123456789.0123',
  },
  scope: scopeOf(longestDestinations, lo, en),
  // A recertification (one more row), in the month with the longest English name.
  originalIssuedOn: '2023-09-30',
  issuedOn: '2026-09-30',
  expiresOn: '2029-09-30',
};

/** An agency name as Lao is written, without spaces between words: longer than one line of the certificate. */
const unspaced: SignedCertificateData = {
  ...issued,
  agency: {
    ...issued.agency,
    nameLo: 'ບໍລິສັດຈັດຫາງານສາກົນສີສະຫວາດພັດທະນາແຮງງານແລະການບໍລິການຈັດສົ່ງແຮງງານໄປເຮັດວຽກຢູ່ຕ່າງປະເທດຈຳກັດ',
  },
};

const render = (data: SignedCertificateData) =>
  renderer.renderWithLayout('iris-certificate', certificateFields(data, lo, en), {
    createdAt: new Date(`${data.issuedOn}T00:00:00Z`),
  });
const texts = (boxes: Awaited<ReturnType<typeof render>>['boxes']) =>
  boxes.filter((box): box is TextBox => box.kind !== 'qr');

describe('the IRIS certificate layout', () => {
  it('wraps a Lao name written without spaces between two words, never inside one', async () => {
    const { boxes } = await render(unspaced);
    const name = texts(boxes).find((box) => box.text === unspaced.agency.nameLo)!;
    expect(name).toMatchObject({ lines: 2, shrunk: false, ellipsised: false });
    expect(name.drawn.join('')).toBe(unspaced.agency.nameLo);
    const words = new Intl.Segmenter('lo', { granularity: 'word' }).segment(unspaced.agency.nameLo);
    expect([...words].map(({ index }) => index)).toContain(name.drawn[0].length);
  });

  it('shows the whole "Issued by" line in both languages, at full size', async () => {
    const { boxes } = await render(issued);
    const issuer = texts(boxes).find((box) => box.text.includes(en['certificate.issuer']));
    expect(issuer).toMatchObject({
      text: `${lo['label.issuedBy']}: ${lo['certificate.issuer']}\n${en['label.issuedBy']}: ${en['certificate.issuer']}`,
      lines: 2,
      shrunk: false,
      ellipsised: false,
      overflow: false,
    });
  });

  it.each([
    ['as issued today', issued],
    ['with 200-character names, the longest licence number and scope, recertified', longest],
    ['with a Lao name written without spaces', unspaced],
  ])('sets every text %s in full inside the frame, nothing overlapping', async (_case, data) => {
    const { boxes, bounds } = await render(data);
    expect(layoutProblems(boxes, bounds)).toEqual([]);
    expect(texts(boxes).filter((box) => box.ellipsised)).toEqual([]);
    // The service's own wording is never set smaller either: only the agency's data may be.
    const shrunk = texts(boxes).filter((box) => box.shrunk);
    for (const box of shrunk) {
      expect([
        data.agency.nameLo,
        data.agency.nameEn,
        data.agency.licenceNumber,
        `${data.scope.lo}\n${data.scope.en}`,
      ]).toContain(box.text);
    }
  });
});
