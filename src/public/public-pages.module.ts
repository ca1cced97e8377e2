import { Module } from '@nestjs/common';
import { CertificatesModule } from '../certificates/certificates.module';
import { PageRenderer } from './page-renderer';
import { PagesController } from './pages.controller';
import { PagesService } from './pages.service';
import { PublicModule } from './public.module';

/** The public web pages at the site's root (`/`, `/agencies/{id}`, `/verify`), outside the API prefix. */
@Module({
  imports: [PublicModule, CertificatesModule],
  controllers: [PagesController],
  providers: [PageRenderer, PagesService],
})
export class PublicPagesModule {}
