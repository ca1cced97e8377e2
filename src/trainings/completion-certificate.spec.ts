import { layoutProblems } from '../pdf/layout';
import { PdfRenderer } from '../pdf/pdf-renderer';
import { completionFields } from './completion-certificate.service';

const renderer = new PdfRenderer();
const lo = renderer.messagesOf('lo');
const en = renderer.messagesOf('en');

/** `unit` repeated to exactly `length` characters (the API's maximum for the field). */
const upTo = (unit: string, length: number) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

const typical = {
  participant: { fullName: 'ນາງ ວັນນະລີ ສີສະຫວາດ' },
  agency: {
    id: '3f2b1c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d',
    nameLo: 'ບໍລິສັດ ສີສະຫວາດ ຈັດຫາງານ ຈຳກັດ',
    nameEn: 'Sisavath Recruitment Co., Ltd.',
  },
  training: {
    title: 'IRIS ethical recruitment training for recruitment agencies',
    titleLo: 'ການຝຶກອົບຮົມ IRIS ກ່ຽວກັບການຈັດຫາງານຢ່າງມີຈັນຍາບັນ',
    venue: 'Lao Plaza Hotel',
    province: 'LA-VT',
    organiser: 'IOM and MoLSW',
  },
  days: ['2026-11-19', '2026-11-20'],
  baseUrl: 'https://iris.molsw.gov.la',
};

const longest = {
  ...typical,
  participant: { fullName: upTo('ນາງ ວັນນະລີ ສີສະຫວາດ ພົມມະຈັນ ', 200) },
  agency: {
    ...typical.agency,
    nameLo: upTo('ບໍລິສັດ ຈັດຫາງານ ສາກົນ ສີສະຫວາດ ພັດທະນາ ແຮງງານ ', 200),
    nameEn: upTo('Sisavath International Manpower Development and Overseas Employment Services ', 200),
  },
  training: {
    title: upTo('IRIS ethical recruitment training for recruitment agencies and their staff ', 300),
    titleLo: upTo('ການຝຶກອົບຮົມ IRIS ກ່ຽວກັບການຈັດຫາງານຢ່າງມີຈັນຍາບັນ ສຳລັບບໍລິສັດຈັດຫາງານ ', 300),
    venue: upTo('Lao Plaza Hotel, Samsenthai Road, Ban Xiengyuen, Chanthabouly District ', 300),
    province: 'LA-XS',
    organiser: upTo(
      'International Organization for Migration and Ministry of Labour and Social Welfare ',
      200,
    ),
  },
  days: ['2026-09-29', '2026-09-30'],
};

/** Lao as it is written, without spaces between words, in every field someone types. */
const unspaced = {
  ...typical,
  participant: { fullName: 'ທ້າວສົມສັກພົມມະຈັນທະວົງສີສະຫວາດວົງພະຈັນ' },
  training: {
    ...typical.training,
    title: 'IRIS ethical recruitment training',
    titleLo: 'ການຝຶກອົບຮົມກ່ຽວກັບການຈັດຫາງານຢ່າງມີຈັນຍາບັນສຳລັບບໍລິສັດຈັດຫາງານແລະພະນັກງານຂອງບໍລິສັດ',
    venue: 'ໂຮງແຮມລາວພລາຊາຖະໜົນສາມແສນໄທບ້ານຊຽງຍືນເມືອງຈັນທະບູລີ',
    organiser: 'ອົງການສາກົນເພື່ອການເຄື່ອນຍ້າຍຖິ່ນຖານແລະກະຊວງແຮງງານແລະສະຫວັດດີການສັງຄົມ',
  },
};

describe('the training completion certificate layout', () => {
  it.each([
    ['for a typical participant', typical],
    ['with the longest name, title, venue, organiser and agency names the API allows', longest],
    ['with Lao written without spaces', unspaced],
    ['without a Lao title', { ...typical, training: { ...typical.training, titleLo: null } }],
  ])('sets every text %s in full inside the frame, nothing overlapping', async (_case, source) => {
    const { boxes, bounds } = await renderer.renderWithLayout(
      'training-certificate',
      completionFields(source, lo, en),
      { createdAt: new Date('2026-09-30T00:00:00Z') },
    );
    expect(layoutProblems(boxes, bounds)).toEqual([]);
    // Only the English title under a Lao one may be cut: the Lao title above it is set in full.
    const cut = boxes.filter((box) => box.kind !== 'qr' && box.ellipsised);
    expect(
      cut.filter((box) => !(source.training.titleLo && 'text' in box && box.text === source.training.title)),
    ).toEqual([]);
  });
});
