import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiExtraModels, ApiOkResponse, ApiTags, getSchemaPath } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { UuidParam } from '../common/validation';
import { Role } from '../common/role';
import {
  CreateUserDto,
  UpdateUserDto,
  UserPageDto,
  UserQueryDto,
  UserResponseDto,
  UserSummaryPageDto,
} from './users.dto';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiProblems(400, 500)
@Auth(Role.Admin)
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Create a user account with its roles. */
  @Post()
  @ApiProblems(409)
  createUser(@Body() dto: CreateUserDto, @CurrentActor() actor: Actor): Promise<UserResponseDto> {
    return this.users.create(dto, actor);
  }

  /**
   * List user accounts, by name. Ministry and IOM staff may list the active trainers or auditors they
   * assign (`role=trainer` or `role=auditor`), as ids and names only; admins get every account in full.
   */
  @Get()
  @Auth(Role.Admin, Role.Ministry, Role.Iom)
  @ApiExtraModels(UserPageDto, UserSummaryPageDto)
  @ApiOkResponse({
    description: 'Admins: `UserPageDto`. Ministry and IOM staff: `UserSummaryPageDto` (ids and names).',
    schema: { anyOf: [{ $ref: getSchemaPath(UserPageDto) }, { $ref: getSchemaPath(UserSummaryPageDto) }] },
  })
  listUsers(
    @Query() query: UserQueryDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserPageDto | UserSummaryPageDto> {
    return this.users.list(query, actor);
  }

  /** Get one user account. */
  @Get(':id')
  @ApiProblems(404)
  getUser(@UuidParam() id: string): Promise<UserResponseDto> {
    return this.users.requireById(id);
  }

  /** Change a user's name, roles, active flag or password. */
  @Patch(':id')
  @ApiProblems(404, 409)
  updateUser(
    @UuidParam() id: string,
    @Body() dto: UpdateUserDto,
    @CurrentActor() actor: Actor,
  ): Promise<UserResponseDto> {
    return this.users.update(id, dto, actor);
  }
}
