// Replies to customers: free text or a saved template with variables; templates per language; replies that
// wait for a lead's approval.
import { z } from 'zod';
import { isoTime, nullableIsoTime } from './common.js';

const variableName = z.string().regex(/^[a-zA-Z][\w.]{0,63}$/, 'expected a variable name such as order.number');

export const replyBodyTemplate = z.strictObject({ name: z.string().trim().min(1).max(200), variables: z.record(variableName, z.string().max(2000)).default({}) });

export const replyBody = z
  .strictObject({
    text: z.string().trim().min(1).max(20_000).optional(),
    template: replyBodyTemplate
      .optional()
      .describe('A saved template in the conversation’s language; contact.name, contact.firstName, agent.name and agent.firstName are filled in'),
  })
  .refine((b) => (b.text === undefined) !== (b.template === undefined), 'expected exactly one of text or template');

export const replyResponse = z.object({
  messageId: z.string().nullable().describe('null while the reply waits for approval'),
  approvalId: z.string().nullable(),
  delivery: z.object({ status: z.enum(['queued', 'awaiting-approval']) }),
  text: z.string().describe('What will be sent: rendered, and signed when public'),
  approvalReasons: z.array(z.string()),
});

export const templateBody = z.strictObject({
  name: z.string().trim().min(1).max(200),
  language: z.string().trim().min(2).max(12),
  body: z.string().trim().min(1).max(10_000).describe('Text with {{variables}}'),
});
export const templateSchema = z.object({ id: z.string(), name: z.string(), language: z.string(), body: z.string(), variables: z.array(z.string()), updatedAt: isoTime });
export const templateListResponse = z.object({ items: z.array(templateSchema) });

export const approvalSchema = z.object({
  id: z.string(),
  conversationId: z.string(),
  authorAgentId: z.string(),
  authorName: z.string(),
  text: z.string(),
  reasons: z.array(z.string()),
  status: z.enum(['pending', 'approved', 'rejected']),
  decidedBy: z.string().nullable(),
  decisionReason: z.string().nullable(),
  messageId: z.string().nullable(),
  createdAt: isoTime,
  decidedAt: nullableIsoTime,
});
export const approvalListQuery = z.strictObject({
  status: z.enum(['pending', 'approved', 'rejected']).optional(),
  conversationId: z.string().max(100).optional(),
});
export const approvalListResponse = z.object({ items: z.array(approvalSchema) });
export const approveBody = z.strictObject({ text: z.string().trim().min(1).max(20_000).optional().describe('The lead’s edited text; absent sends it as written') });
export const rejectBody = z.strictObject({ reason: z.string().trim().min(1).max(2000) });
