import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { FastifyRequest } from 'fastify';
import { LessThan, Repository } from 'typeorm';
import { ValidationFailedException } from '../common/errors';
import type { Staff } from './staff';
import { StagedUpload } from './staged-upload.entity';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** How long a previewed sheet waits for its confirmation. */
const KEPT_FOR_MS = 60 * 60 * 1000;

/** A staged sheet that is gone: confirmed already, expired, or someone else's. */
export class StaleUploadError extends Error {}

/**
 * Two-step imports in the console: the uploaded sheet is kept (by the person who sent it) while they read
 * the preview, and the confirmation imports those same bytes. Nothing else reads them; an hour later, or
 * once imported, they are deleted.
 */
@Injectable()
export class StagedUploads {
  constructor(@InjectRepository(StagedUpload) private readonly uploads: Repository<StagedUpload>) {}

  /** The file of a console form (multipart field `file`), with its name as the person's computer gave it. */
  async read(request: FastifyRequest): Promise<{ fileName: string; bytes: Buffer }> {
    if (!request.isMultipart()) {
      throw new ValidationFailedException([{ field: 'file', message: 'choose a file', code: 'required' }]);
    }
    const part = await request.file();
    if (!part || part.fieldname !== 'file' || !part.filename) {
      throw new ValidationFailedException([{ field: 'file', message: 'choose a file', code: 'required' }]);
    }
    const bytes = await part.toBuffer();
    if (bytes.length === 0) {
      throw new ValidationFailedException([
        { field: 'file', message: 'the file is empty', code: 'emptyFile' },
      ]);
    }
    return { fileName: part.filename.slice(0, 255), bytes };
  }

  /** Keeps `bytes` for `staff`'s confirmation; returns the id the preview's confirm form sends back. */
  async stage(staff: Staff, purpose: string, fileName: string, bytes: Buffer): Promise<string> {
    // Housekeeping in real time (the database's), whatever day the service's Clock says it is.
    await this.uploads.delete({ createdAt: LessThan(new Date(Date.now() - KEPT_FOR_MS)) });
    const saved = await this.uploads.save(
      this.uploads.create({ userId: staff.id, purpose, fileName, bytes }),
    );
    return saved.id;
  }

  /** What `staff` staged as `id` for `purpose` and has not confirmed yet, for the preview page. */
  async find(staff: Staff, id: string, purpose: string): Promise<StagedUpload> {
    const upload = UUID.test(id) ? await this.uploads.findOneBy({ id, userId: staff.id, purpose }) : null;
    if (!upload || Date.now() - upload.createdAt.getTime() > KEPT_FOR_MS) throw new StaleUploadError();
    return upload;
  }

  /**
   * Takes the staged file out for its import, in one statement: a second confirmation of the same preview
   * (a double click, a second tab) finds nothing and is refused instead of importing twice.
   */
  async take(staff: Staff, id: string, purpose: string): Promise<StagedUpload> {
    if (!UUID.test(id)) throw new StaleUploadError();
    const rows = (await this.uploads.query(
      `DELETE FROM console_uploads WHERE id = $1 AND user_id = $2 AND purpose = $3
         AND created_at > now() - make_interval(secs => $4)
       RETURNING file_name AS "fileName", bytes`,
      [id, staff.id, purpose, KEPT_FOR_MS / 1000],
    )) as [{ fileName: string; bytes: Buffer }[], number];
    const [row] = rows[0];
    if (!row) throw new StaleUploadError();
    return this.uploads.create({ id, userId: staff.id, purpose, ...row });
  }
}
