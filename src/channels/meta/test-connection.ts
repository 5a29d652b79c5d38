// "Can we reach Meta with this token?": one authenticated GET of the object the account acts as.
import type { ConnectionTest } from '../connector.js';
import { graphRequest, type GraphTarget } from './graph-call.js';

export async function testGraphConnection(t: GraphTarget, objectPath: string, label: string): Promise<ConnectionTest> {
  try {
    const outcome = await graphRequest(t, 'GET', objectPath, undefined, `${label} check`);
    if (outcome.kind === 'refused') return { ok: false, reason: `${label} check: ${outcome.message}` };
    return { ok: true, detail: `${label} reachable` };
  } catch (err) {
    return { ok: false, reason: (err as Error).message };
  }
}
