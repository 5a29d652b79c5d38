// Settings of a Twilio (SMS or WhatsApp) channel account: credentials named as Twilio names them, in camelCase.
// Imports only zod: the web app's connect form uses it through src/server/contract.
import { z } from 'zod';

export const twilioConfigSchema = z
  .object({
    accountSid: z.string().regex(/^AC[0-9a-fA-F]{32}$/, 'expected AC followed by 32 hex characters'),
    authToken: z.string().min(8, 'expected the account auth token'),
    /** Our number: E.164 (`+15005550006`) for SMS, `whatsapp:+1…` for WhatsApp. */
    fromNumber: z
      .string()
      .regex(/^(whatsapp:)?\+[1-9]\d{1,14}$/, 'expected an E.164 number, optionally prefixed whatsapp:')
      .optional(),
    messagingServiceSid: z.string().regex(/^MG[0-9a-fA-F]{32}$/, 'expected MG followed by 32 hex characters').optional(),
    apiBaseUrl: z.url().default('https://api.twilio.com'),
  })
  .refine((s) => s.fromNumber !== undefined || s.messagingServiceSid !== undefined, {
    message: 'one of fromNumber or messagingServiceSid is needed to send replies',
    path: ['fromNumber'],
  });

export type TwilioConfig = z.infer<typeof twilioConfigSchema>;
export const TWILIO_SECRET_KEYS = ['authToken'] as const;
