import { Injectable, NotFoundException } from '@nestjs/common';
import { Agency } from '../agencies/agency.entity';
import { effectiveLicenceStatus, LicenceStatus } from '../agencies/licence-status';
import { effectiveCertificateStatus } from '../certificates/certificate-status';
import { addDays } from '../common/lao-calendar';
import { cappedPageOf, toCappedPage } from '../common/pagination';
import { PROVINCES } from '../reference/provinces';
import { TrainingsService } from '../trainings/trainings.service';
import { LatestCertificateRow, PublicAgenciesRepository } from './public-agencies.repository';
import { publicCertificationStatus, publicEventOf } from './public-events';
import {
  PublicAgencyDetailDto,
  PublicAgencyDto,
  PublicAgencyPageDto,
  PublicAgencyQueryDto,
  PublicCertificateSummaryDto,
} from './public.dto';
import { Clock } from '../common/clock';

const HISTORY_LIMIT = 100;
const PROVINCE_NAMES = new Map<string, { nameLo: string; nameEn: string }>(PROVINCES.map((p) => [p.code, p]));

/** The public registry (docs/roles.md): what anyone may know about an agency, and nothing more. */
@Injectable()
export class PublicAgenciesService {
  constructor(
    private readonly repository: PublicAgenciesRepository,
    private readonly trainings: TrainingsService,
    private readonly clock: Clock,
  ) {}

  async list(query: PublicAgencyQueryDto): Promise<PublicAgencyPageDto> {
    const today = this.clock.today();
    const { items, ...total } = await cappedPageOf(this.repository.filtered(query, today), query);
    return toCappedPage(await this.describe(items, today), total, query);
  }

  async detail(id: string): Promise<PublicAgencyDetailDto> {
    const agency = await this.repository.byId(id);
    if (!agency) throw new NotFoundException(`No agency has the id ${id}.`);
    const [described] = await this.describe([agency], this.clock.today());
    const rows = await this.repository.events(id, HISTORY_LIMIT);
    return { ...described, history: rows.map(publicEventOf).filter((event) => event !== null) };
  }

  /** The licence status an agency reads today, or null for an unknown agency (the verify page shows it). */
  async licenceStatusOf(id: string): Promise<LicenceStatus | null> {
    // From the primary, like the certificate it goes with: a revocation must show at once.
    const agency = await this.repository.byId(id, { primary: true });
    return (
      agency && effectiveLicenceStatus(agency.licenceStatus, agency.licenceExpiresOn, this.clock.today())
    );
  }

  /** Three queries for a whole page, whatever its size, run together: latest certificates, stages, trained staff. */
  private async describe(agencies: Agency[], today: string): Promise<PublicAgencyDto[]> {
    if (agencies.length === 0) return [];
    const ids = agencies.map((agency) => agency.id);
    // Independent reads: side by side, on three connections, rather than one after another.
    const [certificates, stages, trained] = await Promise.all([
      this.repository.latestCertificates(ids),
      this.repository.latestStages(ids),
      this.trainings.completedStaff(ids, 'slave'),
    ]);
    return agencies.map((agency) => {
      const certificate = certificates.get(agency.id);
      const summary = certificate ? summaryOf(certificate, today) : null;
      const province = PROVINCE_NAMES.get(agency.province);
      return {
        id: agency.id,
        licenceNumber: agency.licenceNumber,
        nameLo: agency.nameLo,
        nameEn: agency.nameEn,
        licenceStatus: effectiveLicenceStatus(agency.licenceStatus, agency.licenceExpiresOn, today),
        licenceExpiresOn: agency.licenceExpiresOn,
        province: agency.province,
        provinceNameLo: province?.nameLo ?? agency.province,
        provinceNameEn: province?.nameEn ?? agency.province,
        district: agency.district,
        destinationCountries: agency.destinationCountries,
        certification: {
          status: publicCertificationStatus(summary?.status ?? null),
          stage: stages.get(agency.id) ?? null,
          certificate: summary,
        },
        trainedStaff: trained.get(agency.id) ?? 0,
      };
    });
  }
}

function summaryOf(row: LatestCertificateRow, today: string): PublicCertificateSummaryDto {
  const status = effectiveCertificateStatus(row.status, row.expiresOn, today);
  return {
    number: row.number,
    status,
    statusReason: status === row.status ? row.statusReason : `The certificate expired on ${row.expiresOn}`,
    statusReasonLo: status === row.status ? row.statusReasonLo : null,
    issuedOn: row.issuedOn,
    validUntil: addDays(row.expiresOn, -1),
    expiresOn: row.expiresOn,
  };
}
