import { createHash } from 'node:crypto';
import { findSeal, SEAL_ENTRY, sealPlaceholder, unsealedSha256, withSeal } from './pdf-seal';
import { PdfRenderer } from './pdf-renderer';

const renderer = new PdfRenderer();
const data = {
  participant: 'ນາງ ວັນນະລີ ສີສະຫວາດ',
  agency: { nameLo: 'ບໍລິສັດ ສີສະຫວາດ ຈັດຫາງານ ຈຳກັດ', nameEn: 'Sisavath Recruitment Co., Ltd.' },
  training: 'IRIS ethical recruitment training',
  trainingEn: '',
  dates: { lo: '19/11/2026 – 20/11/2026', en: '19 November 2026 – 20 November 2026' },
  venue: 'Lao Plaza Hotel',
  organiser: 'IOM and MoLSW',
  verifyUrl: 'https://iris.molsw.gov.la/agencies/3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
};
const render = (info: Record<string, string> = {}) =>
  renderer.render('training-certificate', data, { createdAt: new Date('2026-11-20T00:00:00Z'), info });
const sha256 = (file: Buffer) => createHash('sha256').update(file).digest('hex');

describe('PDF seals', () => {
  it('finds the placeholder the renderer wrote, and a seal written over it, leaving the rest as it was', async () => {
    const unsealed = await render({ [SEAL_ENTRY]: sealPlaceholder(40) });
    const place = findSeal(unsealed)!;
    expect(place.value).toBe(sealPlaceholder(40));
    const seal = 'eyJhbGciOiJFZERTQSJ9.e30.c2lnbmF0dXJlLXN'; // 40 characters
    const sealed = withSeal(unsealed, place, seal);
    expect(sealed).toHaveLength(unsealed.length);
    expect(findSeal(sealed)).toEqual({ ...place, value: seal });
    expect(unsealedSha256(sealed, findSeal(sealed)!)).toBe(sha256(unsealed));
  });

  it('gives another hash when any byte outside the seal changes', async () => {
    const sealed = await render({ [SEAL_ENTRY]: sealPlaceholder(40) });
    const place = findSeal(sealed)!;
    for (const at of [0, 100, place.start - 1, place.end, sealed.length - 1]) {
      const altered = Buffer.from(sealed);
      altered[at] ^= 0x01;
      const found = findSeal(altered);
      expect({ at, same: found !== null && unsealedSha256(altered, found) === sha256(sealed) }).toEqual({
        at,
        same: false,
      });
    }
  });

  it('finds no seal in a PDF without one, or with two', async () => {
    expect(findSeal(await render())).toBeNull();
    const once = await render({ [SEAL_ENTRY]: sealPlaceholder(40) });
    expect(findSeal(Buffer.concat([once, once]))).toBeNull();
    expect(findSeal(Buffer.from('hello'))).toBeNull();
  });

  it('refuses a seal that does not fit its place', async () => {
    const unsealed = await render({ [SEAL_ENTRY]: sealPlaceholder(40) });
    expect(() => withSeal(unsealed, findSeal(unsealed)!, 'short')).toThrow('does not fit');
  });
});
