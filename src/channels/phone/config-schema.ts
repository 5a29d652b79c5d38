// Settings of a phone (CTI) channel account: the secret path token the PBX calls with (PROTOCOLS.md §12).
import { z } from 'zod';

export const phoneConfigSchema = z.object({
  /** The only authentication of Zammad-style CTI pushes; long and random, rotatable by re-adding the account. */
  token: z
    .string()
    .regex(/^[A-Za-z0-9_-]{24,200}$/, 'expected 24–200 URL-safe characters (letters, digits, _ or -)')
    .default(() => `${crypto.randomUUID()}${crypto.randomUUID()}`.replace(/-/g, '')),
});

export type PhoneConfig = z.infer<typeof phoneConfigSchema>;
export const PHONE_SECRET_KEYS = ['token'] as const;
