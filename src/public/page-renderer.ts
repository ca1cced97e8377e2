import { Injectable } from '@nestjs/common';
import { Views } from '../common/views';

/** The public registry's pages: `templates/pages`. */
@Injectable()
export class PageRenderer extends Views {
  constructor() {
    super('pages');
  }
}
