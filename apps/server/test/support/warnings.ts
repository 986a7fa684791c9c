import { warningEventPayload as sharedWarningEventPayload } from '@anxiao/contracts';
import type { Session, TestRuntime } from './runtime.js';

/** The contract of warning.published / updated / cancelled (packages/contracts), with nothing more in it. */
export const warningEventPayload = sharedWarningEventPayload.strict();

export interface WarningView {
  id: string;
  state: string;
  version: number;
  approval: string;
  actions: string[];
  rejectReason: string | null;
  schoolIds: string[];
  counts: { recipients: number; read: number; acknowledged: number };
  capPending: { msgType: string } | null;
  headline: string;
  hasPolygon: boolean;
}
export interface Summary {
  total: { recipients: number; sent: number; delivered: number; read: number; acknowledged: number };
  units: { unitId: string; unitName: string; recipients: number; read: number; acknowledged: number }[];
  unacknowledged: { userId: string; name: string }[];
}

export const warningBody = (orgId: string, audience: object, extra: object = {}) => ({
  orgId,
  audience,
  event: '暴雨红色预警',
  headline: '今天下午有特大暴雨，暂停一切户外活动',
  description: '气象台发布暴雨红色预警，预计未来3小时降雨量将达100毫米以上。',
  instruction: '立即停止户外活动，师生留在室内，远离低洼地带。',
  category: 'Met',
  severity: 'Extreme',
  urgency: 'Immediate',
  certainty: 'Likely',
  ...extra,
});

/** Write a warning as `s` and submit it; returns its view after submitting. */
export async function sendWarning(s: Session, orgId: string, audience: object, extra: object = {}) {
  const created = await s.call('POST', '/api/warnings', warningBody(orgId, audience, extra));
  if (created.statusCode !== 201) throw new Error(`create: ${created.statusCode} ${created.body}`);
  const id = created.json<{ warning: { id: string } }>().warning.id;
  const sent = await s.call('POST', `/api/warnings/${id}/submit`);
  if (sent.statusCode !== 200) throw new Error(`submit: ${sent.statusCode} ${sent.body}`);
  return sent.json<{ warning: WarningView; summary: Summary | null }>().warning;
}

export async function drainJobs(rt: TestRuntime) {
  while ((await rt.kernel.jobs.tick()) > 0);
}

/** The recipients' user ids of a warning (every page). */
export async function recipientIds(s: Session, id: string): Promise<string[]> {
  const r = await s.call('GET', `/api/warnings/${id}/recipients?pageSize=200`);
  const body = r.json<{ items: { userId: string }[]; total: number }>();
  const ids = body.items.map((x) => x.userId);
  for (let page = 2; ids.length < body.total; page++) {
    const more = await s.call('GET', `/api/warnings/${id}/recipients?pageSize=200&page=${page}`);
    ids.push(...more.json<{ items: { userId: string }[] }>().items.map((x) => x.userId));
  }
  return ids;
}
