import { AGENCY_SORTS } from '../agencies/agencies.dto';
import { LicenceStatus } from '../agencies/licence-status';
import { CertificationStage } from '../common/certification-stage';
import type { Language } from '../common/i18n';
import { PROVINCES } from '../reference/provinces';
import type { ConsolePages } from './console-pages';
import { COMMON_DESTINATIONS } from './agency-forms';
import { optionsOf } from './listing';

/** The register's choices (provinces, statuses, stages, sorts, countries), named in the person's language. */
export function agencyOptions(pages: ConsolePages, lang: Language) {
  const provinceName = (code: string) => {
    const province = PROVINCES.find((p) => p.code === code);
    return (lang === 'lo' ? province?.nameLo : province?.nameEn) ?? code;
  };
  return {
    provinces: (current?: string) =>
      optionsOf(
        PROVINCES.map((p) => p.code),
        provinceName,
        current,
      ),
    statuses: (current?: string, values: readonly LicenceStatus[] = Object.values(LicenceStatus)) =>
      optionsOf(values, (status) => pages.text(lang, `console.agencies.licence.${status}`), current),
    stages: (current?: string) =>
      optionsOf(
        Object.values(CertificationStage),
        (stage) => pages.text(lang, `web.stage.${stage}`),
        current,
      ),
    sorts: (current?: string) =>
      optionsOf(AGENCY_SORTS, (sort) => pages.text(lang, `console.agencies.sort.${sort}`), current),
    countries: (current: readonly string[] = []) =>
      optionsOf(COMMON_DESTINATIONS, (code) => pages.views.countryName(lang, code), current),
    countryName: (code: string) => pages.views.countryName(lang, code),
    provinceName,
  };
}
