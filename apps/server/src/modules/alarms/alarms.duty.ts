import type { Executor } from '../../kernel/db.js';
import * as repo from './alarms.repository.js';

/**
 * Who is on duty for an alarm: the people the first escalation step calls (by phone, through the
 * notification centre's alarm policy). Until duty rosters exist (issue 17) that is every active
 * holder of the chain's first role in the school (the guards, by default); the roster will narrow
 * it to the person on duty at the post of the alarm's place at the time.
 */
export async function onDuty(
  ex: Executor,
  incident: Pick<repo.IncidentRow, 'schoolId' | 'placeId' | 'raisedAt'>,
  role: string,
): Promise<string[]> {
  return repo.usersWithRole(ex, incident.schoolId, role);
}
