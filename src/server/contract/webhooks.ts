// Outbound webhook subscriptions (admin): an http(s) URL that receives signed JSON POSTs, or a mailto: address
// that receives the same events by email. The signing secret is in the create response only.
import { z } from 'zod';

export const WEBHOOK_EVENT_NAMES = ['alert.raised', 'conversation.created', 'conversation.resolved', 'sla.breach', 'csat.received', 'digest'] as const;

const target = z
  .string()
  .max(2000)
  .refine((s) => {
    if (/^mailto:[^@\s/]+@[^@\s/]+$/.test(s)) return true;
    try {
      const u = new URL(s);
      return (u.protocol === 'https:' || u.protocol === 'http:') && u.username === '' && u.password === '';
    } catch {
      return false;
    }
  }, 'expected an http(s) URL without credentials, or mailto:name@example.com');

export const webhookCreateBody = z.strictObject({
  url: target,
  events: z.array(z.enum(WEBHOOK_EVENT_NAMES)).min(1).max(WEBHOOK_EVENT_NAMES.length),
  description: z.string().trim().max(200).optional(),
});
export const webhookParams = z.strictObject({ id: z.uuid() });
export const deliveryParams = z.strictObject({ id: z.uuid(), deliveryId: z.string().regex(/^\d{1,18}$/, 'expected a delivery id (digits)') });
export const deliveryListQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(100) });

export const webhookBody = z.object({
  id: z.string(),
  url: z.string(),
  events: z.array(z.string()),
  description: z.string().nullable(),
  createdAt: z.string(),
  disabledAt: z.string().nullable(),
});
export const webhookCreatedResponse = webhookBody.extend({ secret: z.string().describe('HMAC-SHA256 signing secret; shown only here') });
export const webhookListResponse = z.object({ items: z.array(webhookBody) });
export const deliveryBody = z.object({
  id: z.string(),
  eventId: z.string(),
  eventType: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  nextAttemptAt: z.string(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
});
export const deliveryListResponse = z.object({ items: z.array(deliveryBody) });
