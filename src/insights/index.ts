// Insights' public surface. Reports grow here (issue: Insights); `collectStats` is the first of them.
import { readStats, type Database, type StoreStats } from '../store/index.js';

export type { StoreStats, AccountResponseStats } from '../store/index.js';

export function collectStats(database: Database): Promise<StoreStats> {
  return readStats(database.db);
}
