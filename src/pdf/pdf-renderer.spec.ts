import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { layoutProblems } from './layout';
import { PdfRenderer } from './pdf-renderer';
import { formatDate } from '../common/i18n';

const renderer = new PdfRenderer();
const en = renderer.messagesOf('en');
const lo = renderer.messagesOf('lo');

const sampleCertificate = {
  number: 'IRIS-LA-2026-0007',
  agency: {
    nameLo: 'ບໍລິສັດ ສີສະຫວາດ ຈັດຫາງານ ຈຳກັດ',
    nameEn: 'Sisavath Recruitment Co., Ltd.',
    licenceNumber: 'RA-2024-0123',
  },
  scope: {
    lo: 'ການຈັດຫາງານຢ່າງມີຈັນຍາບັນ. ປະເທດປາຍທາງ: ໄທ, ຍີ່ປຸ່ນ',
    en: 'Ethical recruitment. Destination countries: Thailand, Japan',
  },
  standard: { lo: 'ມາດຕະຖານ IRIS, ສະບັບ 1.2', en: 'IRIS Standard, version 1.2' },
  issuedOn: { lo: formatDate('2026-11-24', 'lo', lo), en: formatDate('2026-11-24', 'en', en) },
  originalIssuedOn: '',
  validUntil: { lo: formatDate('2029-11-23', 'lo', lo), en: formatDate('2029-11-23', 'en', en) },
  verifyUrl: 'https://iris.molsw.gov.la/verify/IRIS-LA-2026-0007',
  keyId: 'kq4n1dWJmCkbrH1b2kNqYQxCn3OkwnIGdRJ5w5DWyJQ',
};

describe('PdfRenderer', () => {
  const render = () =>
    renderer.render('iris-certificate', sampleCertificate, { createdAt: new Date('2026-11-24T00:00:00Z') });

  it('renders a PDF that embeds Noto Sans Lao, with the number in its properties', async () => {
    const pdf = await render();
    if (process.env.PDF_SAMPLE) writeFileSync(process.env.PDF_SAMPLE, pdf);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansLao-Regular/);
    expect(pdf.toString('latin1')).toMatch(/\/BaseFont \/[A-Z]{6}\+NotoSansLao-Bold/);
    expect(pdf.toString('latin1')).not.toContain('Helvetica');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('gives the same bytes for the same data (deterministic, so its SHA-256 identifies it)', async () => {
    const [a, b] = [await render(), await render()];
    expect(createHash('sha256').update(a).digest('hex')).toBe(createHash('sha256').update(b).digest('hex'));
  });

  it('renders the training completion layout on one page', async () => {
    const pdf = await renderer.render(
      'training-certificate',
      {
        participant: 'ນາງ ວັນນະລີ ສີສະຫວາດ',
        agency: sampleCertificate.agency,
        training: 'IRIS ethical recruitment training for recruitment agencies',
        trainingEn: '',
        dates: { lo: '19/11/2026 – 20/11/2026', en: '19 November 2026 – 20 November 2026' },
        venue: 'Lao Plaza Hotel, ນະຄອນຫຼວງວຽງຈັນ / Vientiane Capital',
        organiser: 'IOM and MoLSW',
        verifyUrl: 'https://iris.molsw.gov.la/agencies/3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
      },
      { createdAt: new Date('2026-11-20T00:00:00Z') },
    );
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
  });

  it('cuts only typed-in data longer than the API allows, with an ellipsis, and keeps one page', async () => {
    const tooLong = {
      ...sampleCertificate,
      agency: {
        nameLo: 'ບໍລິສັດ ຈັດຫາງານ ສີສະຫວາດ '.repeat(20),
        nameEn: 'Sisavath International Manpower '.repeat(15),
        licenceNumber: 'MOLSW-RA-2024-0123456789 '.repeat(8),
      },
      scope: { lo: 'ການຈັດຫາງານຢ່າງມີຈັນຍາບັນ. '.repeat(30), en: 'Ethical recruitment abroad. '.repeat(30) },
    };
    const { pdf, boxes, bounds } = await renderer.renderWithLayout('iris-certificate', tooLong, {
      createdAt: new Date('2026-11-24T00:00:00Z'),
    });
    if (process.env.PDF_SAMPLE) writeFileSync(process.env.PDF_SAMPLE.replace(/\.pdf$/, '-long.pdf'), pdf);
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)).toHaveLength(1);
    expect(layoutProblems(boxes, bounds)).toEqual([]);
    const cut = boxes.flatMap((box) => (box.kind !== 'qr' && box.ellipsised ? [box.text] : []));
    expect(cut).toEqual([
      tooLong.agency.nameLo,
      tooLong.agency.nameEn,
      tooLong.agency.licenceNumber,
      `${tooLong.scope.lo}\n${tooLong.scope.en}`,
    ]);
  });

  it('refuses a template placeholder the data does not have, naming it', async () => {
    const { verifyUrl: _v, ...incomplete } = sampleCertificate;
    await expect(renderer.render('iris-certificate', incomplete, { createdAt: new Date(0) })).rejects.toThrow(
      '{{data.verifyUrl}}',
    );
  });
});
