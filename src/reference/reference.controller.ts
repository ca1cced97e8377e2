import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { PageQueryDto } from '../common/pagination.dto';
import { Role } from '../common/role';
import { CreateCriterionDto, CriterionDto, CriterionPageDto, ProvinceListDto } from './reference.dto';
import { ReferenceService } from './reference.service';

@ApiTags('reference')
@ApiProblems(400, 500)
@Controller('reference')
export class ReferenceController {
  constructor(private readonly reference: ReferenceService) {}

  /** The 18 provinces of Lao PDR, with English and Lao names. */
  @Get('provinces')
  @Auth()
  listProvinces(): Promise<ProvinceListDto> {
    return this.reference.listProvinces();
  }

  /** The IRIS Standard's principles and criteria, in the Standard's order. */
  @Get('criteria')
  @Auth()
  listCriteria(@Query() query: PageQueryDto): Promise<CriterionPageDto> {
    return this.reference.listCriteria(query);
  }

  /** Add a criterion of the IRIS Standard, as the published Standard is loaded. */
  @Post('criteria')
  @Auth(Role.Admin)
  @ApiProblems(409)
  createCriterion(@Body() dto: CreateCriterionDto, @CurrentActor() actor: Actor): Promise<CriterionDto> {
    return this.reference.createCriterion(dto, actor);
  }
}
