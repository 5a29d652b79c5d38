// Kysely's view of the tables: row types stay inside src/store; repositories map them to domain types.
import type { ColumnType, Generated } from 'kysely';

type Timestamp = ColumnType<Date, Date | string, Date | string>;
type CreatedAt = ColumnType<Date, Date | string | undefined, never>;
type Json = ColumnType<unknown, string, string>;

export interface OrganisationTable {
  id: Generated<string>;
  name: string;
  created_at: CreatedAt;
}
export interface TeamTable {
  id: Generated<string>;
  organisation_id: string;
  name: string;
  created_at: CreatedAt;
}
export interface AgentTable {
  id: Generated<string>;
  organisation_id: string;
  email: string;
  name: string;
  role: string;
  password_hash: string | null;
  created_at: CreatedAt;
}
export interface TeamMemberTable {
  team_id: string;
  agent_id: string;
}
export interface QueueTable {
  id: Generated<string>;
  organisation_id: string;
  team_id: string | null;
  name: string;
  is_default: Generated<boolean>;
  created_at: CreatedAt;
}
export interface ChannelAccountTable {
  id: Generated<string>;
  organisation_id: string;
  kind: string;
  name: string;
  settings: ColumnType<unknown, string | undefined, string>;
  secrets: Buffer | null;
  poll_cursor: string | null;
  created_at: CreatedAt;
}
export interface ContactTable {
  id: Generated<string>;
  organisation_id: string;
  display_name: string | null;
  email: string | null;
  phone: string | null;
  merged_into_id: string | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}
export interface ContactIdentityTable {
  id: Generated<string>;
  organisation_id: string;
  contact_id: string;
  channel_kind: string;
  handle: string;
  display_name: string | null;
  followers: number | null;
  verified: Generated<boolean>;
  created_at: CreatedAt;
}
export interface ConversationTable {
  id: Generated<string>;
  organisation_id: string;
  channel_account_id: string;
  contact_id: string | null;
  queue_id: string | null;
  assignee_id: string | null;
  status: Generated<string>;
  priority: Generated<number>;
  is_public: Generated<boolean>;
  language: string | null;
  sentiment: string | null;
  tags: Generated<string[]>;
  message_count: Generated<number>;
  first_inbound_at: Timestamp | null;
  first_response_at: Timestamp | null;
  last_message_at: Timestamp | null;
  resolved_at: Timestamp | null;
  sla_due_at: Timestamp | null;
  created_at: CreatedAt;
  updated_at: Generated<Date>;
}
export interface ThreadLinkTable {
  channel_account_id: string;
  key: string;
  conversation_id: string;
}
export interface RawInboundTable {
  id: Generated<string>;
  organisation_id: string;
  channel_account_id: string;
  source: string;
  dedupe_key: string | null;
  payload: Json;
  received_at: CreatedAt;
  status: Generated<string>;
  attempts: Generated<number>;
  processed_at: Timestamp | null;
  processed_by: string | null;
  dead_reason: string | null;
}
export interface MessageTable {
  id: Generated<string>;
  organisation_id: string;
  conversation_id: string;
  channel_account_id: string;
  external_id: string;
  in_reply_to_external_id: string | null;
  direction: string;
  author_identity_id: string | null;
  author_handle: string;
  author_name: string | null;
  text: string;
  is_public: boolean;
  sent_at: Timestamp;
  created_at: CreatedAt;
  raw_inbound_id: string | null;
  language: string | null;
  sentiment: string | null;
  priority: number | null;
  triage: Json | null;
  triage_version: string | null;
  search: ColumnType<string, never, never>;
}
export interface JobTable {
  id: Generated<string>;
  queue: string;
  payload: Json;
  dedupe_key: string | null;
  status: Generated<string>;
  run_at: ColumnType<Date, Date | string | undefined, Date | string>;
  attempts: Generated<number>;
  max_attempts: Generated<number>;
  locked_by: string | null;
  locked_at: Timestamp | null;
  last_error: string | null;
  created_at: CreatedAt;
  finished_at: Timestamp | null;
}
export interface EventTable {
  id: Generated<string>;
  organisation_id: string;
  type: string;
  conversation_id: string | null;
  agent_id: string | null;
  payload: Json;
  created_at: CreatedAt;
}
export interface OutboxItemTable {
  id: Generated<string>;
  organisation_id: string;
  channel_account_id: string | null;
  conversation_id: string | null;
  message_id: string | null;
  kind: string;
  payload: Json;
  idempotency_key: string;
  status: Generated<string>;
  attempts: Generated<number>;
  next_attempt_at: ColumnType<Date, Date | string | undefined, Date | string>;
  last_error: string | null;
  created_at: CreatedAt;
  sent_at: Timestamp | null;
}

export interface Schema {
  organisation: OrganisationTable;
  team: TeamTable;
  agent: AgentTable;
  team_member: TeamMemberTable;
  queue: QueueTable;
  channel_account: ChannelAccountTable;
  contact: ContactTable;
  contact_identity: ContactIdentityTable;
  conversation: ConversationTable;
  thread_link: ThreadLinkTable;
  raw_inbound: RawInboundTable;
  message: MessageTable;
  job: JobTable;
  event: EventTable;
  outbox_item: OutboxItemTable;
}
