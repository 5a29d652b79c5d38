// Loads what the staffing forecast measures (arrivals per hour of the week, handle times) and plans it.
import type { ConversationScope } from '../domain/access.js';
import { InputError } from '../domain/errors.js';
import { readArrivalsByHourOfWeek, readHandleTimes, readOrganisationSettings, type Database } from '../store/index.js';
import { planStaffing, type StaffingAssumptions, type StaffingPlan } from './staffing-plan.js';

export interface StaffingQuery {
  readonly organisationId: string;
  readonly since: Date;
  readonly until: Date;
  readonly scope?: ConversationScope;
  readonly assumptions: Omit<StaffingAssumptions, 'weeks'>;
}

export interface StaffingReport extends StaffingPlan {
  readonly since: string;
  readonly until: string;
  readonly timeZone: string;
}

const WEEK_MS = 7 * 86_400_000;
/** First answer → resolution within this counts as one sitting of work (see readHandleTimes). */
const HANDLE_PROXY_MAX_SECONDS = 3600;
const HANDLE_PROXY_MIN_SAMPLES = 10;

/** The organisation's time zone setting when it names a zone the runtime knows; UTC otherwise. */
async function deskTimeZone(database: Database, organisationId: string): Promise<string> {
  const settings = await readOrganisationSettings(database.db, organisationId);
  const zone = typeof settings === 'object' && settings !== null ? (settings as { timezone?: unknown }).timezone : undefined;
  if (typeof zone !== 'string') return 'UTC';
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    // A zone the runtime does not know cannot have been meant: hours are counted in UTC and the report says so.
    return 'UTC';
  }
}

export async function buildStaffingReport(database: Database, query: StaffingQuery): Promise<StaffingReport> {
  if (!(query.until.getTime() > query.since.getTime())) {
    throw new InputError('INPUT_INVALID', `period: expected since before until; got ${query.since.toISOString()} – ${query.until.toISOString()}`);
  }
  const timeZone = await deskTimeZone(database, query.organisationId);
  const measure = { since: query.since, until: query.until, ...(query.scope ? { scope: query.scope } : {}) };
  const [arrivals, handleTimes] = await Promise.all([
    readArrivalsByHourOfWeek(database.db, { ...measure, timeZone }),
    readHandleTimes(database.db, { ...measure, maxSeconds: HANDLE_PROXY_MAX_SECONDS, minSamples: HANDLE_PROXY_MIN_SAMPLES }),
  ]);
  const weeks = (query.until.getTime() - query.since.getTime()) / WEEK_MS;
  const plan = planStaffing(arrivals, handleTimes, { ...query.assumptions, weeks });
  return { ...plan, since: query.since.toISOString(), until: query.until.toISOString(), timeZone, notes: [...plan.notes, `hours of the week in ${timeZone}`] };
}
