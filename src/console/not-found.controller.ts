import { Controller, Get, NotFoundException, Post } from '@nestjs/common';
import { StaffController } from './staff.decorators';

/**
 * Any other address under /staff: the console's own "no such page", in the person's language, after the
 * sign-in check (so addresses are not probed without an account). Fastify tries these wildcards last.
 */
@StaffController()
@Controller('staff')
export class NotFoundController {
  // Browsers only GET pages and POST forms. One decorator a handler: a second would replace the first.
  @Get('*')
  notFound(): never {
    throw new NotFoundException();
  }

  /** A form sent to an address the console does not have (after the CSRF and sign-in checks). */
  @Post('*')
  formNotFound(): never {
    throw new NotFoundException();
  }
}
