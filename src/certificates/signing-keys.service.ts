import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { ConfigService } from '@nestjs/config';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, generateKeyPairSync, KeyObject } from 'node:crypto';
import { existsSync, linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DataSource } from 'typeorm';
import { AuditLogService } from '../audit-log/audit-log.service';
import { type AppConfig, ConfigError } from '../config/config';
import { SigningKey } from './certificate.entity';
import {
  type Ed25519Jwk,
  keyIdOf,
  publicJwkOf,
  publicKeyOf,
  readPrivateKey,
  signText,
  verifyText,
} from './signing';

/**
 * The key that signs certificates, and every public key that ever did. The private
 * key comes from CERTIFICATE_SIGNING_KEY or CERTIFICATE_SIGNING_KEY_FILE; outside production it is
 * generated once under DATA_DIR. Its public half is recorded in `signing_keys`, where it stays after a
 * rotation, so certificates signed with an old key still verify.
 */
/** How many checked signatures are remembered (the oldest is forgotten first). */
const CHECKED_SIGNATURES_KEPT = 20_000;

@Injectable()
export class SigningKeysService implements OnApplicationBootstrap {
  private readonly logger = new Logger(SigningKeysService.name);
  private readonly key: KeyObject;
  readonly currentKeyId: string;
  private readonly currentJwk: Ed25519Jwk;
  private registered: Promise<void> | null = null;
  /** A reload of the key list in flight: a page of certificates by an unknown key waits for one, not twenty. */
  private reloading: Promise<SigningKey[]> | null = null;
  /** Public keys by id, imported once (a page of certificates verifies each signature). */
  private known = new Map<string, KeyObject>();
  /**
   * Signatures already checked, by key, signature and signed text: an issued certificate never changes,
   * so the QR page and the public API check each one once, not on every scan. Keyed by a hash of the
   * text, so a changed text is checked afresh. Bounded; emptied when the key list is reloaded.
   */
  private checked = new Map<string, boolean>();

  constructor(
    config: ConfigService<AppConfig, true>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly auditLog: AuditLogService,
  ) {
    this.key = loadSigningKey(config, this.logger);
    this.currentJwk = publicJwkOf(this.key);
    this.currentKeyId = keyIdOf(this.currentJwk);
    this.known.set(this.currentKeyId, publicKeyOf(this.currentJwk));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.register();
  }

  /** Records the current public key (once per process; a no-op when another replica did). */
  register(): Promise<void> {
    this.registered ??= this.dataSource
      .transaction(async (em) => {
        const { raw } = await em
          .createQueryBuilder()
          .insert()
          .into(SigningKey)
          .values({ keyId: this.currentKeyId, publicJwk: this.currentJwk })
          .orIgnore()
          .returning(['key_id'])
          .execute();
        // Only the process that added the key records it (a restart or another replica finds it there).
        if ((raw as unknown[]).length === 0) return;
        this.logger.log(`Certificates are signed from now on with key ${this.currentKeyId}`);
        await this.auditLog.record(em, {
          actor: null,
          action: 'signing_key.added',
          entityType: 'signing_key',
          entityId: this.currentKeyId,
          after: { keyId: this.currentKeyId, publicJwk: this.currentJwk },
        });
      })
      .catch((error: unknown) => {
        this.registered = null;
        throw error;
      });
    return this.registered;
  }

  sign(text: string): string {
    return signText(text, this.key);
  }

  /** Whether `signature` is a signature of `text` by the key `keyId`, one this service has used. */
  async verify(text: string, signature: string, keyId: string): Promise<boolean> {
    const memo = `${keyId} ${signature} ${createHash('sha256').update(text).digest('base64')}`;
    const known = this.checked.get(memo);
    if (known !== undefined) return known;
    const key = await this.keyOf(keyId);
    if (key === null) return false;
    const valid = verifyText(text, signature, key);
    if (this.checked.size >= CHECKED_SIGNATURES_KEPT) this.checked.delete(this.checked.keys().next().value!);
    this.checked.set(memo, valid);
    return valid;
  }

  /** Every public key, newest first. */
  async all(): Promise<SigningKey[]> {
    await this.register();
    const keys = await this.dataSource.getRepository(SigningKey).find({ order: { createdAt: 'DESC' } });
    this.known = new Map(keys.map((k) => [k.keyId, publicKeyOf(k.publicJwk)]));
    this.checked = new Map();
    return keys;
  }

  private async keyOf(keyId: string): Promise<KeyObject | null> {
    if (!this.known.has(keyId)) {
      this.reloading ??= this.all().finally(() => (this.reloading = null));
      await this.reloading;
    }
    return this.known.get(keyId) ?? null;
  }
}

/** The configured key; outside production, the one kept under DATA_DIR (generated the first time). */
export function loadSigningKey(config: ConfigService<AppConfig, true>, logger: Logger): KeyObject {
  const inline = config.get('CERTIFICATE_SIGNING_KEY', { infer: true });
  const file = config.get('CERTIFICATE_SIGNING_KEY_FILE', { infer: true });
  const [name, pem] = inline
    ? ['CERTIFICATE_SIGNING_KEY', inline.replace(/\\n/g, '\n')]
    : file
      ? ['CERTIFICATE_SIGNING_KEY_FILE', readKeyFile(file)]
      : ['the generated key', developmentKey(config.get('DATA_DIR', { infer: true }), logger)];
  try {
    return readPrivateKey(pem);
  } catch (error) {
    throw new ConfigError(`Invalid configuration: ${name}: ${(error as Error).message}`);
  }
}

function readKeyFile(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      `Invalid configuration: CERTIFICATE_SIGNING_KEY_FILE cannot be read (${(error as NodeJS.ErrnoException).code})`,
    );
  }
}

/** Generated once and kept (mode 0600); written under a temporary name and linked, so two processes agree. */
function developmentKey(dataDir: string, logger: Logger): string {
  const file = path.resolve(dataDir, 'certificate-signing-key.pem');
  if (existsSync(file)) return readFileSync(file, 'utf8');
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync('ed25519');
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, privateKey.export({ format: 'pem', type: 'pkcs8' }), { mode: 0o600 });
  try {
    linkSync(temporary, file);
    logger.warn(`No certificate signing key is configured: generated one for development in ${file}`);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
  return readFileSync(file, 'utf8');
}
