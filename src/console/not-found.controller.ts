import { Controller, Get, NotFoundException, Post } from '@nestjs/common';
import { StaffController } from './staff.decorators';

/**
 * Any other address under /staff: the console's own "no such page", in the person's language, after the
 * sign-in check (so addresses are not probed without an account). Fastify tries this wildcard last.
 */
@StaffController()
@Controller('staff')
export class NotFoundController {
  // Browsers only GET pages and POST forms.
  @Get('*')
  @Post('*')
  notFound(): never {
    throw new NotFoundException();
  }
}
