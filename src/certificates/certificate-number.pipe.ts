import { PipeTransform } from '@nestjs/common';
import { ValidationFailedException } from '../common/errors';
import { parseCertificateNumber } from './certificate-number';

/** `IRIS-LA-YYYY-NNNN`, upper-cased; anything else is a 400 naming the expected form. */
export class CertificateNumberPipe implements PipeTransform<string, string> {
  transform(value: string): string {
    const parsed = parseCertificateNumber(value);
    if (!parsed) {
      throw new ValidationFailedException([
        { field: 'number', message: 'number must be a certificate number such as IRIS-LA-2026-0001' },
      ]);
    }
    return value.trim().toUpperCase();
  }
}
