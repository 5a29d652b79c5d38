// The SQL form of domain/access's ConversationScope, shared by every store that reads conversations for an
// agent, so lists, search, counts, contact timelines and live events filter alike.
import { sql, type RawBuilder } from 'kysely';
import type { ConversationScope } from '../domain/access.js';

/** A condition on the conversation aliased `c`. */
export function scopeCondition(scope: ConversationScope): RawBuilder<boolean> {
  switch (scope.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'none':
      return sql<boolean>`false`;
    case 'teams': {
      const teams = sql`${sql.val([...scope.teamIds])}::uuid[]`;
      return scope.includeUnteamed
        ? sql<boolean>`(c.queue_id is null or c.queue_id in (select q.id from queue q where q.team_id is null or q.team_id = any(${teams})))`
        : sql<boolean>`(c.queue_id in (select q.id from queue q where q.team_id = any(${teams})))`;
    }
  }
}
