import type { paths } from '@anxiao/api-client';
import { valuesOf, type Schemas, type JsonBody } from '../lib/apiTypes';

// The server's HTTP contract, as generated from openapi.json into @anxiao/api-client. Date-times
// are ISO strings here: JSON has no date type, and nothing turns them back into Date objects.

export { LANGS, type DemoAccount, type Lang, type Me } from '@anxiao/web-core';
export type User = Schemas['User'];
export type Org = Schemas['Org'];
export type AuditEntry = Schemas['AuditEntry'];
export type Grid = Schemas['Grid'];
export type GridDetail = Schemas['GridDetail'];
export type Coverage = Schemas['Coverage'];
export type CampusMap = Schemas['CampusMap'];
export type MapBuilding = Schemas['MapBuilding'];
export type Place = Schemas['Place'];
export type Polygon = Schemas['Polygon'];
export type Equipment = Schemas['Equipment'];
export type Student = Schemas['Student'];
export type Staff = Schemas['Staff'];
export type ImportJob = Schemas['Import'];
export type GridLevel = Grid['level'];
/** The 15 risk domains (校舍设施, 消防安全…) of checklists and hazards, as the server names them. */
export type RiskDomain = Schemas['Hazard']['domain'];

export type Role = User['memberships'][number]['role'];
export type Status = User['status'];
export type OrgKind = Org['kind'];
export type SchoolType = NonNullable<Org['schoolType']>;
export type AuditOutcome = AuditEntry['outcome'];

export type CreateUserInput = JsonBody<paths['/api/users']['post']['requestBody']>;
export type UpdateUserInput = JsonBody<paths['/api/users/{id}']['patch']['requestBody']>;
export type RoleAssignment = CreateUserInput['roles'][number];
export type CreateOrgInput = JsonBody<paths['/api/orgs']['post']['requestBody']>;
export type UpdateOrgInput = JsonBody<paths['/api/orgs/{id}']['patch']['requestBody']>;

// The schema sends permissions as plain strings; the names are the server's own list.
export type { Permission } from '@anxiao/contracts';

export const STATUSES = valuesOf<Status>({ active: true, disabled: true });
export const ROLES = valuesOf<Role>({
  system_admin: true,
  school_admin: true,
  grid_center: true,
  grid_leader: true,
  grid_worker: true,
  guard: true,
  counselor: true,
  police: true,
  supervisor: true,
  reporter: true,
});
export const ORG_KINDS = valuesOf<OrgKind>({
  region: true,
  education_bureau: true,
  police_station: true,
  stability_office: true,
  school: true,
  campus: true,
  college: true,
  department: true,
  class: true,
});
export const SCHOOL_TYPES = valuesOf<SchoolType>({
  university: true,
  vocational: true,
  secondary: true,
  primary: true,
  kindergarten: true,
});

/** In the order of the server's library (tasks.library.ts): 校舍设施 first, 自然灾害 last. */
/** A grid's level: the physical ones top down, then the virtual ones. */
export const GRID_LEVELS = valuesOf<GridLevel>({
  campus: true,
  zone: true,
  building: true,
  floor: true,
  room: true,
  college: true,
  class: true,
  dorm_room: true,
});
export const RISK_DOMAINS = valuesOf<RiskDomain>({
  facilities: true,
  fire: true,
  traffic: true,
  food: true,
  security: true,
  mental: true,
  lab: true,
  equipment: true,
  electric: true,
  dorm: true,
  events: true,
  cyber: true,
  surroundings: true,
  school_bus: true,
  disaster: true,
});

export const isRiskDomain = (code: string): code is RiskDomain => RISK_DOMAINS.some((d) => d === code);
