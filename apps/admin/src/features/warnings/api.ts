import { api, bodyOf } from '@anxiao/web-core';
import type { components } from '@anxiao/api-client';

export type Warning = components['schemas']['Warning'];
export type WarningSummary = components['schemas']['WarningSummary'];
export type ReceivedWarning = components['schemas']['ReceivedWarning'];
export type WarningState = Warning['state'];
export type AudienceRole =
  'school_admin' | 'grid_center' | 'grid_leader' | 'grid_worker' | 'guard' | 'counselor' | 'reporter';
export type Audience = { orgIds: string[]; gridIds: string[]; roles: AudienceRole[] };
export type WarningInput = {
  orgId: string;
  audience: Audience;
  event: string;
  headline: string;
  description: string;
  instruction: string | null;
  category: Warning['category'];
  severity: Warning['severity'];
  urgency: Warning['urgency'];
  certainty: Warning['certainty'];
  capStatus: Warning['capStatus'];
  publicFeed: boolean;
  areaDesc: string;
  effective: string | null;
  expires: string | null;
};

export const listWarnings = (state: WarningState | undefined, page: number, pageSize: number) =>
  bodyOf(api.GET('/api/warnings', { params: { query: { state, page, pageSize } } }));

export const getWarning = (id: string) => bodyOf(api.GET('/api/warnings/{id}', { params: { path: { id } } }));

export const listRecipients = (
  id: string,
  state: string | undefined,
  unitId: string | undefined,
  page: number,
) =>
  bodyOf(
    api.GET('/api/warnings/{id}/recipients', {
      params: {
        path: { id },
        query: { state: state as 'unacknowledged' | undefined, unitId, page, pageSize: 50 },
      },
    }),
  );

export const previewAudience = (orgId: string, audience: Audience) =>
  bodyOf(api.POST('/api/warnings/preview', { body: { orgId, audience } }));

export const createWarning = (input: WarningInput) => bodyOf(api.POST('/api/warnings', { body: input }));

export const editWarning = (id: string, input: Partial<WarningInput>) =>
  bodyOf(api.PATCH('/api/warnings/{id}', { params: { path: { id } }, body: input }));

export type Step = 'submit' | 'approve';
export const stepWarning = (id: string, step: Step) =>
  step === 'submit'
    ? bodyOf(api.POST('/api/warnings/{id}/submit', { params: { path: { id } } }))
    : bodyOf(api.POST('/api/warnings/{id}/approve', { params: { path: { id } } }));

export const rejectWarning = (id: string, reason: string) =>
  bodyOf(api.POST('/api/warnings/{id}/reject', { params: { path: { id } }, body: { reason } }));

export const cancelWarning = (id: string, reason: string) =>
  bodyOf(api.POST('/api/warnings/{id}/cancel', { params: { path: { id } }, body: { reason } }));

export const remindWarning = (id: string) =>
  bodyOf(api.POST('/api/warnings/{id}/remind', { params: { path: { id } } }));

export const myWarnings = () => bodyOf(api.GET('/api/my-warnings'));
export const openMyWarning = (id: string) =>
  bodyOf(api.GET('/api/my-warnings/{id}', { params: { path: { id } } }));
export const acknowledgeWarning = (id: string) =>
  bodyOf(api.POST('/api/my-warnings/{id}/acknowledge', { params: { path: { id } } }));
