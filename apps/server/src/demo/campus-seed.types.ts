import type { FieldCrypto } from '../kernel/crypto.js';
import type { Tx } from '../kernel/db.js';
import type { CampusLayout } from './campus.js';

export type Id = string;
export interface OrgRef {
  id: Id;
  path: string;
  code: string;
  name: string;
}
export interface CampusSeedInput {
  school: OrgRef;
  colleges: OrgRef[];
  classes: (OrgRef & { collegeCode: string })[];
  departments: Record<'BWC' | 'WGZX' | 'XGC' | 'HQ' | 'XLZX', OrgRef>;
  studentUsers: { id: Id; username: string; name: string; gender: 'M' | 'F'; classId: Id }[];
  demoUserIds: Record<string, Id>;
  rnd: () => number;
  now: Date;
  crypto: FieldCrypto;
}

/** What every step of seeding the campus works with. */
export interface Seeding {
  tx: Tx;
  input: CampusSeedInput;
  layout: CampusLayout;
  /** the columns every row of the school shares */
  base: { schoolId: Id; orgId: Id; createdAt: Date; updatedAt: Date };
}

/** Beds in a dormitory room unless its building says otherwise. */
export const BEDS = 6;
