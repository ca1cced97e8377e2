import { Injectable, NotFoundException } from '@nestjs/common';
import { effectiveLicenceStatus, LicenceStatus } from '../agencies/licence-status';
import { effectiveCertificateStatus } from '../certificates/certificate-status';
import { addDays } from '../common/lao-calendar';
import { cappedTotal, toCappedPage } from '../common/pagination';
import { PROVINCES } from '../reference/provinces';
import { TrainingsService } from '../trainings/trainings.service';
import {
  LatestCertificateRow,
  PublicAgenciesRepository,
  PublicAgencyRow,
} from './public-agencies.repository';
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
    const { rows, counted } = await this.repository.page(query, today, this.trainings.completionShare);
    return toCappedPage(
      rows.map((row) => describe(row, today)),
      cappedTotal(counted, query.offset),
      query,
    );
  }

  async detail(id: string): Promise<PublicAgencyDetailDto> {
    // Independent reads, side by side: the card in one statement, the history in another.
    const [row, events] = await Promise.all([
      this.repository.card(id, this.trainings.completionShare),
      this.repository.events(id, HISTORY_LIMIT),
    ]);
    if (!row) throw new NotFoundException(`No agency has the id ${id}.`);
    return {
      ...describe(row, this.clock.today()),
      history: events.map(publicEventOf).filter((event) => event !== null),
    };
  }

  /** The licence status an agency reads today, or null for an unknown agency (the verify page shows it). */
  async licenceStatusOf(id: string): Promise<LicenceStatus | null> {
    // From the primary, like the certificate it goes with: a revocation must show at once.
    const agency = await this.repository.licenceOf(id);
    return (
      agency && effectiveLicenceStatus(agency.licenceStatus, agency.licenceExpiresOn, this.clock.today())
    );
  }
}

/** An agency's public card as it reads today. */
function describe(row: PublicAgencyRow, today: string): PublicAgencyDto {
  const summary = row.certificateNumber ? summaryOf(latestCertificateOf(row), today) : null;
  const province = PROVINCE_NAMES.get(row.province);
  return {
    id: row.id,
    licenceNumber: row.licenceNumber,
    nameLo: row.nameLo,
    nameEn: row.nameEn,
    licenceStatus: effectiveLicenceStatus(row.licenceStatus, row.licenceExpiresOn, today),
    licenceExpiresOn: row.licenceExpiresOn,
    province: row.province,
    provinceNameLo: province?.nameLo ?? row.province,
    provinceNameEn: province?.nameEn ?? row.province,
    district: row.district,
    destinationCountries: row.destinationCountries,
    certification: {
      status: publicCertificationStatus(summary?.status ?? null),
      stage: row.stage,
      certificate: summary,
    },
    trainedStaff: row.trainedStaff,
  };
}

function latestCertificateOf(row: PublicAgencyRow): LatestCertificateRow {
  return {
    number: row.certificateNumber!,
    status: row.certificateStatus!,
    statusReason: row.certificateStatusReason,
    statusReasonLo: row.certificateStatusReasonLo,
    issuedOn: row.certificateIssuedOn!,
    expiresOn: row.certificateExpiresOn!,
  };
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
