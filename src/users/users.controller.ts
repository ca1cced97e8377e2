import { Body, Controller, Get, Patch, Post, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../common/api-docs';
import { type Actor, Auth, CurrentActor } from '../common/auth.decorators';
import { UuidParam } from '../common/validation';
import { Role } from './role.enum';
import { CreateUserDto, UpdateUserDto, UserPageDto, UserQueryDto, UserResponseDto } from './users.dto';
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

  /** List user accounts, by name. */
  @Get()
  listUsers(@Query() query: UserQueryDto): Promise<UserPageDto> {
    return this.users.list(query);
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
