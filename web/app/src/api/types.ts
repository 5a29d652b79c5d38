// The API's shapes as the web app sees them: inferred from the server's zod contracts, never written twice
// (STYLE.md §12). Type-only imports: no zod code reaches the bundle.
import type { z } from 'zod';
import type { meResponse, agentSchema, setupStatusResponse, tokenSchema, tokenCreatedResponse } from '../../../../src/server/contract/auth.js';
import type { channelAccountSchema } from '../../../../src/server/contract/channel-accounts.js';
import type { contactResponse } from '../../../../src/server/contract/contacts.js';
import type {
  conversationCountsResponse,
  conversationDetailResponse,
  conversationListQuery,
  conversationListResponse,
  conversationSummary,
  messageSchema,
  noteResponse,
} from '../../../../src/server/contract/conversations.js';
import type { queueSchema, teamSchema } from '../../../../src/server/contract/directory.js';
import type { liveEvent, presenceSchema } from '../../../../src/server/contract/live.js';

export type Me = z.infer<typeof meResponse>;
export type Agent = z.infer<typeof agentSchema>;
export type SetupStatus = z.infer<typeof setupStatusResponse>;
export type ApiToken = z.infer<typeof tokenSchema>;
export type CreatedToken = z.infer<typeof tokenCreatedResponse>;
export type ChannelAccount = z.infer<typeof channelAccountSchema>;
export type Contact = z.infer<typeof contactResponse>;
export type ConversationSummary = z.infer<typeof conversationSummary>;
export type ConversationPage = z.infer<typeof conversationListResponse>;
export type ConversationCounts = z.infer<typeof conversationCountsResponse>;
export type ConversationDetail = z.infer<typeof conversationDetailResponse>;
export type ConversationQuery = Partial<z.input<typeof conversationListQuery>>;
export type Message = z.infer<typeof messageSchema>;
export type NoteResult = z.infer<typeof noteResponse>;
export type Queue = z.infer<typeof queueSchema>;
export type Team = z.infer<typeof teamSchema>;
export type LiveEvent = z.infer<typeof liveEvent>;
export type Presence = z.infer<typeof presenceSchema>;
export type ConversationStatus = ConversationSummary['status'];
