import { apiFetch } from '../../api/http';
import type { AuditEntry, Page } from '../../api/types';

export interface AuditFilters {
  q?: string;
  action?: string;
  targetType?: string;
  /** ISO date-times bounding `at` */
  from?: string;
  to?: string;
  sensitive?: boolean;
}

export function listAudit(filters: AuditFilters, page: number, pageSize: number): Promise<Page<AuditEntry>> {
  // The server reads `sensitive=false` as "only the ordinary ones"; unset means both.
  const { sensitive, ...rest } = filters;
  return apiFetch<Page<AuditEntry>>('/api/audit', {
    query: { ...rest, sensitive: sensitive ? true : undefined, page, pageSize },
  });
}
