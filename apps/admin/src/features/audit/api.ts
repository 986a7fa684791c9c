import { api, bodyOf } from '@anxiao/web-core';

export interface AuditFilters {
  q?: string;
  action?: string;
  targetType?: string;
  /** ISO date-times bounding `at` */
  from?: string;
  to?: string;
  sensitive?: boolean;
}

export function listAudit(filters: AuditFilters, page: number, pageSize: number) {
  // The server reads `sensitive=false` as "only the ordinary ones"; unset means both.
  const { sensitive, ...rest } = filters;
  return bodyOf(
    api.GET('/api/audit', {
      params: { query: { ...rest, sensitive: sensitive ? 'true' : undefined, page, pageSize } },
    }),
  );
}
