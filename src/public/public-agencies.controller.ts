import { Controller, Get, Header, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { Public } from '../common/auth.decorators';
import { PublicRateLimit } from '../common/request-limits';
import { UuidParam } from '../common/validation';
import { PublicAgenciesService } from './public-agencies.service';
import { PublicAgencyDetailDto, PublicAgencyPageDto, PublicAgencyQueryDto } from './public.dto';

// A minute is short enough for a suspension to show soon, long enough to spare the database; ETag revalidates.
const SHORT_CACHE = 'public, max-age=60';

@ApiTags('public')
@ApiProblems(400, 500)
@PublicRateLimit()
@Controller('public/agencies')
export class PublicAgenciesController {
  constructor(private readonly agencies: PublicAgenciesService) {}

  /** Search licensed agencies by name (Lao or English) or licence number; see which are IRIS-certified. */
  @Get()
  @Public()
  @Header('Cache-Control', SHORT_CACHE)
  listPublicAgencies(@Query() query: PublicAgencyQueryDto): Promise<PublicAgencyPageDto> {
    return this.agencies.list(query);
  }

  /** One agency's public profile: licence, certification, trained staff (a count) and public history. */
  @Get(':id')
  @Public()
  @Header('Cache-Control', SHORT_CACHE)
  @ApiProblems(404)
  getPublicAgency(@UuidParam() id: string): Promise<PublicAgencyDetailDto> {
    return this.agencies.detail(id);
  }
}
