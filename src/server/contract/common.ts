// Shapes every API resource shares: the error body, ISO timestamps, ids and the error responses of a route.
import { z } from 'zod';

export const errorBody = z
  .object({
    error: z.object({
      code: z.string().describe('Stable error code from src/domain/errors.ts'),
      message: z.string(),
      details: z.unknown().optional(),
    }),
  })
  .describe('Every error: a stable code, a message for humans, and details such as field paths');

export const isoTime = z.string().describe('ISO 8601 time with offset');
export const nullableIsoTime = isoTime.nullable();
export const uuid = z.uuid();

/** Success schemas plus the error statuses every protected route can answer. */
export function responses<T extends Record<number, z.ZodType>>(ok: T): T & Record<400 | 401 | 403 | 404 | 409 | 413 | 415 | 429, typeof errorBody> {
  return { ...ok, 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody, 413: errorBody, 415: errorBody, 429: errorBody };
}

export const iso = (ms: number): string => new Date(ms).toISOString();
export const isoOrNull = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

export const okBody = z.object({ ok: z.literal(true) });
