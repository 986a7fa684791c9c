import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Encryption at rest for sensitive fields (national ID numbers, key persons, psychological
 * records): AES-256-GCM, a fresh nonce per value, stored as "v1:<nonce>:<tag>:<ciphertext>".
 * A keyed hash (HMAC-SHA256) lets a module look a value up without decrypting every row.
 */
export class FieldCrypto {
  private readonly key: Buffer;
  private readonly macKey: Buffer;

  constructor(secretHex: string) {
    const secret = Buffer.from(secretHex, 'hex');
    if (secret.length !== 32) throw new Error('secret key must be 32 bytes');
    this.key = createHmac('sha256', secret).update('anxiao/field-encryption').digest();
    this.macKey = createHmac('sha256', secret).update('anxiao/field-lookup').digest();
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const c = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
    return `v1:${iv.toString('base64')}:${c.getAuthTag().toString('base64')}:${body.toString('base64')}`;
  }

  decrypt(stored: string): string {
    const [v, iv, tag, body] = stored.split(':');
    if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('not an encrypted value');
    const d = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64'));
    d.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([d.update(Buffer.from(body, 'base64')), d.final()]).toString('utf8');
  }

  lookupHash(plain: string): string {
    return createHmac('sha256', this.macKey).update(plain).digest('hex');
  }
}

/**
 * The demo keeps its generated key beside its data (never in the repository); production must
 * pass ANXIAO_SECRET_KEY.
 */
export function resolveSecretKey(configured: string | undefined, dataDir: string): string {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  fs.mkdirSync(dataDir, { recursive: true });
  const key = randomBytes(32).toString('hex');
  fs.writeFileSync(file, key, { mode: 0o600, flag: 'wx' });
  return key;
}
