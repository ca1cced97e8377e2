import { createHmac } from 'node:crypto';

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A hand-made JWT, to present tokens the service never issued (forged, expired, unsigned). */
export function craftToken(payload: object, options: { secret?: string; alg?: string } = {}): string {
  const alg = options.alg ?? 'HS256';
  const head = `${b64({ alg, typ: 'JWT' })}.${b64(payload)}`;
  if (alg === 'none') return `${head}.`;
  const signature = createHmac('sha256', options.secret ?? (process.env.JWT_SECRET as string))
    .update(head)
    .digest('base64url');
  return `${head}.${signature}`;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
