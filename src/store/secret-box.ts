// Channel credentials at rest: AES-256-GCM with a fresh 96-bit nonce per write, bound to the channel account id
// (additional data), so one account's ciphertext cannot be moved onto another row. Layout: nonce | tag | data.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SetupError } from '../domain/errors.js';

const VERSION = 1;

export function sealSecrets(key: Buffer, channelAccountId: string, secrets: Readonly<Record<string, unknown>>): Buffer {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`channel_account:${channelAccountId}`));
  const data = Buffer.concat([cipher.update(JSON.stringify(secrets), 'utf8'), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), data]);
}

export function openSecrets(key: Buffer, channelAccountId: string, sealed: Buffer): Record<string, unknown> {
  try {
    if (sealed[0] !== VERSION) throw new Error(`unknown secret format version ${sealed[0]}`);
    const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
    decipher.setAAD(Buffer.from(`channel_account:${channelAccountId}`));
    decipher.setAuthTag(sealed.subarray(13, 29));
    const text = Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    return JSON.parse(text) as Record<string, unknown>;
  } catch (cause) {
    throw new SetupError(
      'CONFIG_INVALID',
      `secrets of channel account ${channelAccountId} cannot be decrypted: EARSHOT_SECRET_KEY (or data dir secret.key) is not the key they were written with`,
      { cause },
    );
  }
}
