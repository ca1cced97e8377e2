import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer';

/** The bilingual PDF layouts of `templates/pdf/`: certificates and training completion certificates. */
@Module({ providers: [PdfRenderer], exports: [PdfRenderer] })
export class PdfModule {}
