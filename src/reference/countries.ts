import countries from 'i18n-iso-countries';

/** Lao names of the usual destination countries, as officials write them. */
const LAO_NAMES: Record<string, string> = {
  ໄທ: 'TH',
  ປະເທດໄທ: 'TH',
  ຍີ່ປຸ່ນ: 'JP',
  ປະເທດຍີ່ປຸ່ນ: 'JP',
  ເກົາຫຼີ: 'KR',
  ເກົາຫຼີໃຕ້: 'KR',
  ສາທາລະນະລັດເກົາຫຼີ: 'KR',
  'ສ.ເກົາຫຼີ': 'KR',
  ມາເລເຊຍ: 'MY',
  ສິງກະໂປ: 'SG',
  ຈີນ: 'CN',
};

/** Other English names seen in sheets. */
const ENGLISH_NAMES: Record<string, string> = {
  'south korea': 'KR',
  korea: 'KR',
  'republic of korea': 'KR',
};

/**
 * A sheet's destination countries cell as ISO codes: `TH;KR`, `TH, KR`, `TH KR`, `Thailand, Japan`,
 * `ໄທ; ເກົາຫຼີ`. A name that is not a country is kept as written, for the validator to refuse.
 */
export function countryCodesOf(cell: string): string[] {
  return cell
    .split(/[;,/]+/)
    .map((part) => part.trim())
    .filter(Boolean)
    .flatMap((part) => (/^[A-Za-z]{2}(\s+[A-Za-z]{2})+$/.test(part) ? part.split(/\s+/) : [part]))
    .map((part) => {
      if (/^[A-Za-z]{2}$/.test(part)) return part.toUpperCase();
      const lao = LAO_NAMES[part.replace(/\s+/g, '')];
      if (lao) return lao;
      const english = part.toLowerCase().replace(/\s+/g, ' ');
      return ENGLISH_NAMES[english] ?? countries.getAlpha2Code(part, 'en') ?? part;
    });
}
