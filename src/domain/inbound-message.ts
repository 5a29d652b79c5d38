// A normalised item from any channel or archive, before it is stored: the pipeline's input.
import type { EpochMs } from './ids.js';

export const MESSAGE_DIRECTIONS = ['inbound', 'outbound', 'note'] as const;
export type MessageDirection = (typeof MESSAGE_DIRECTIONS)[number];

export interface InboundAuthor {
  /** The author's stable handle or id on the channel (user id, phone number, email address). */
  readonly handle: string;
  readonly displayName?: string;
  /** Only addresses the channel has verified merge contacts across channels. */
  readonly verifiedEmail?: string;
  readonly verifiedPhone?: string;
  readonly followers?: number;
  readonly verified?: boolean;
  /** The author's public profile page and picture, where the network gives them (shown to agents; not stored yet). */
  readonly profileUrl?: string;
  readonly avatarUrl?: string;
}

export interface InboundMessage {
  /** The channel's own id for this item, unique per channel account. */
  readonly externalId: string;
  /** Id of the item this one answers, when the channel has reply chains. */
  readonly inReplyToExternalId?: string;
  /** DM thread / email thread / post id that groups items when reply chains are absent. */
  readonly threadKey?: string;
  /** inbound = from a customer; outbound = from the company (an imported or echoed reply). */
  readonly direction: 'inbound' | 'outbound';
  readonly author: InboundAuthor;
  readonly text: string;
  readonly sentAt: EpochMs;
  readonly isPublic: boolean;
}
