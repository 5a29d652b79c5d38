// Branded identifiers and time: one kind of id can never be passed where another is expected.
declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

export type OrganisationId = Brand<string, 'OrganisationId'>;
export type TeamId = Brand<string, 'TeamId'>;
export type AgentId = Brand<string, 'AgentId'>;
export type ChannelAccountId = Brand<string, 'ChannelAccountId'>;
export type ContactId = Brand<string, 'ContactId'>;
export type ConversationId = Brand<string, 'ConversationId'>;
export type MessageId = Brand<string, 'MessageId'>;
export type QueueId = Brand<string, 'QueueId'>;
export type RawInboundId = Brand<string, 'RawInboundId'>;

/** Milliseconds since the Unix epoch, UTC. The domain never reads the clock itself. */
export type EpochMs = number;
