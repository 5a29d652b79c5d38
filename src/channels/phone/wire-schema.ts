// Zammad's generic CTI events (PROTOCOLS.md §12), as JSON or form data (`user[]` repeated). Unknown fields stripped.
import { z } from 'zod';

export const CTI_EVENTS = ['newCall', 'answer', 'hangup'] as const;

export const ctiEvent = z.object({
  event: z.enum(CTI_EVENTS),
  from: z.string().min(1).max(100),
  to: z.string().min(1).max(100),
  direction: z.enum(['in', 'out']),
  callId: z.string().min(1).max(250),
  user: z.union([z.string(), z.array(z.string())]).optional(),
  queue: z.string().max(200).optional(),
  answeringNumber: z.string().max(100).optional(),
  cause: z.string().max(50).optional(),
});
export type CtiEvent = z.infer<typeof ctiEvent>;
