// Per-organisation settings. Known keys only, so a typo is a 400 rather than a setting nobody reads.
import { z } from 'zod';

const weight = z.number().min(0).max(100);

const fields = {
  displayName: z.string().trim().min(1).max(200),
  defaultLanguage: z.string().min(2).max(12),
  timezone: z.string().min(1).max(64),
  signature: z.string().max(500),
  publicReplyApproval: z.boolean().describe('Public replies by agents in training wait for a lead (default true)'),
  sensitiveTags: z.array(z.string().min(1).max(64)).max(50).describe('Public replies on conversations with these tags wait for a lead'),
  fairQueueWeights: z
    .strictObject({
      urgency: weight.optional(),
      negativeSentiment: weight.optional(),
      complaint: weight.optional(),
      churnThreat: weight.optional(),
      customerValue: weight.optional(),
      influence: weight.optional(),
      slaPressure: weight.optional(),
      channel: z.record(z.string().min(1).max(32), z.number().min(-100).max(100)).optional().describe('Points per channel kind; empty = the channel is not a factor'),
    })
    .describe('Need weights of the fair queue (points at full strength)'),
  handoffMessage: z.string().trim().min(1).max(500).describe('Public acknowledgement sent with a private handoff link'),
  csatSurvey: z.boolean().describe('Send a 1–5 survey link when a private conversation is resolved'),
  csatMessage: z.string().trim().min(1).max(500).describe('Text sent before the survey link'),
  outOfHoursReply: z
    .strictObject({ public: z.string().trim().min(1).max(500).optional(), private: z.string().trim().min(1).max(1000).optional() })
    .describe('Sent at once when a message arrives while its team is closed; {{nextOpening}} becomes e.g. "Monday 09:00" in the team’s time zone'),
};

export const organisationSettings = z.strictObject({
  displayName: fields.displayName.optional(),
  defaultLanguage: fields.defaultLanguage.optional(),
  timezone: fields.timezone.optional(),
  signature: fields.signature.optional(),
  publicReplyApproval: fields.publicReplyApproval.optional(),
  sensitiveTags: fields.sensitiveTags.optional(),
  fairQueueWeights: fields.fairQueueWeights.optional(),
  handoffMessage: fields.handoffMessage.optional(),
  csatSurvey: fields.csatSurvey.optional(),
  csatMessage: fields.csatMessage.optional(),
  outOfHoursReply: fields.outOfHoursReply.optional(),
});
// Stored keys no longer known are left out of answers rather than failing them.
export const settingsResponse = z.object(organisationSettings.shape);
export type OrganisationSettings = z.infer<typeof organisationSettings>;
