import { api, bodyOf, downloadFile } from '@anxiao/web-core';
import { keepPreviousData, useQueries, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../api/keys';
import type { GridLevel, Place } from '../../api/types';
import type { GridKind, MemberPosition } from './model';

export interface GridFilters {
  schoolId?: string;
  kind?: GridKind;
  level?: GridLevel;
  q?: string;
}

export interface CreateGridInput {
  schoolId: string;
  parentId?: string;
  level: GridLevel;
  code: string;
  name: string;
  leaderUserId?: string;
  responsibilities?: string[];
}

export interface UpdateGridInput {
  code?: string;
  name?: string;
  leaderUserId?: string | null;
  responsibilities?: string[];
  version: number;
}

/** Grids of a school and level, `pageSize` at a time (page 1 first). */
async function gridsAt(schoolId: string, level: GridLevel, page: number, pageSize: number) {
  return bodyOf(api.GET('/api/grids', { params: { query: { schoolId, level, page, pageSize } } }));
}

/** One grid the user sees, the first of their tree (a grid leader's school is found through it). */
export function useFirstGrid(enabled = true) {
  return useQuery({
    queryKey: [...queryKeys.grids, 'first'],
    queryFn: async () =>
      (await bodyOf(api.GET('/api/grids', { params: { query: { roots: 'true', page: 1, pageSize: 1 } } })))
        .items[0] ?? null,
    enabled,
  });
}

/** How many grids of each level of a school the user sees (one count per level, no grid list). */
export function useGridCounts(schoolId: string | undefined, levels: readonly GridLevel[]) {
  const counts = useQueries({
    queries: levels.map((level) => ({
      queryKey: [...queryKeys.grids, 'count', schoolId, level],
      queryFn: async () => (await gridsAt(schoolId!, level, 1, 1)).total ?? 0,
      enabled: !!schoolId,
    })),
  });
  return new Map(levels.map((level, i) => [level, counts[i]?.data]));
}

/** The first grid of a level in a school, if any. */
export async function firstGridAt(schoolId: string, level: GridLevel): Promise<string | undefined> {
  return (await gridsAt(schoolId, level, 1, 1)).items[0]?.id;
}

/** The grid of a level made for an organisation (a class, a college), looked for page by page. */
export async function gridOfOrg(schoolId: string, level: GridLevel, orgId: string | undefined) {
  if (!orgId) return undefined;
  for (let page = 1; ; page++) {
    const found = await gridsAt(schoolId, level, page, 500);
    const grid = found.items.find((g) => g.orgId === orgId);
    if (grid) return grid.id;
    if (found.items.length < 500 || page * 500 >= (found.total ?? 0)) return undefined;
  }
}

export function useGridDetail(id: string | undefined) {
  return useQuery({
    queryKey: [...queryKeys.grids, 'detail', id],
    queryFn: () => bodyOf(api.GET('/api/grids/{id}', { params: { path: { id: id! } } })),
    enabled: !!id,
  });
}

export function useGridStudents(id: string, page: number, pageSize: number) {
  return useQuery({
    queryKey: [...queryKeys.grids, 'students', id, page, pageSize],
    queryFn: () =>
      bodyOf(api.GET('/api/grids/{id}/students', { params: { path: { id }, query: { page, pageSize } } })),
    placeholderData: keepPreviousData,
  });
}

/**
 * The school's coverage report. The server keeps it and computes it again when the school changes;
 * `recheck` (重新检查) asks it to compute it now, and puts the answer in the query's place.
 */
export function useCoverage(schoolId: string | undefined) {
  const queryClient = useQueryClient();
  const queryKey = [...queryKeys.coverage, schoolId];
  const fetchReport = (refresh: boolean) =>
    bodyOf(
      api.GET('/api/coverage', {
        params: { query: { schoolId: schoolId!, ...(refresh ? { refresh: 'true' as const } : {}) } },
      }),
    );
  const query = useQuery({ queryKey, queryFn: () => fetchReport(false), enabled: !!schoolId });
  const recheck = () => queryClient.fetchQuery({ queryKey, queryFn: () => fetchReport(true), staleTime: 0 });
  return { ...query, recheck };
}

export function exportGrids(filters: GridFilters) {
  return downloadFile('/api/grids/export.xlsx', { ...filters }, '网格清单.xlsx');
}

export function createGrid(input: CreateGridInput) {
  return bodyOf(api.POST('/api/grids', { body: input }));
}

export function updateGrid(id: string, patch: UpdateGridInput) {
  return bodyOf(api.PATCH('/api/grids/{id}', { params: { path: { id } }, body: patch }));
}

export async function deleteGrid(id: string): Promise<void> {
  await api.DELETE('/api/grids/{id}', { params: { path: { id } } });
}

/** Places inside a grid's coverage: what its physical sub-grids can be bound to. */
export async function placesInGrid(gridId: string, kind: PlaceKind, q: string) {
  const { items } = await bodyOf(
    api.GET('/api/grids/{id}/places', {
      params: { path: { id: gridId }, query: { kind, q: q || undefined } },
    }),
  );
  return items;
}

export function setGridBindings(id: string, orgIds: string[], placeIds: string[]) {
  return bodyOf(
    api.PUT('/api/grids/{id}/bindings', { params: { path: { id } }, body: { orgIds, placeIds } }),
  );
}

export function addGridMember(id: string, userId: string, position: MemberPosition) {
  return bodyOf(
    api.POST('/api/grids/{id}/members', { params: { path: { id } }, body: { userId, position } }),
  );
}

export function removeGridMember(id: string, userId: string) {
  return bodyOf(api.DELETE('/api/grids/{id}/members/{userId}', { params: { path: { id, userId } } }));
}

/** Active users matching a search (name, user name or phone), for pickers. */
export async function searchUsers(q: string) {
  const { items } = await bodyOf(
    api.GET('/api/users', {
      params: { query: { q: q || undefined, status: 'active', page: 1, pageSize: 20 } },
    }),
  );
  return items;
}

export type PlaceKind = Extract<Place['kind'], 'building' | 'floor' | 'room'>;

function getPlace(id: string) {
  return bodyOf(api.GET('/api/places/{id}', { params: { path: { id } } }));
}

/** The building a room or floor lies in (walking up at most a few levels). */
async function buildingOf(placeId: string): Promise<string | undefined> {
  let id: string | null = placeId;
  for (let depth = 0; id && depth < 4; depth++) {
    const place = await getPlace(id);
    if (place.kind === 'building') return place.id;
    id = place.parentId;
  }
  return undefined;
}

/**
 * The grid a room gap is best handled from: the grid just above the level where the room is missed
 * (its zone grid for a building-level gap, its building grid below that). Undefined when unknown.
 */
export async function gridAboveRoom(roomId: string, level: GridLevel): Promise<string | undefined> {
  const buildingId = await buildingOf(roomId);
  if (!buildingId) return undefined;
  const b = await bodyOf(api.GET('/api/map/buildings/{id}', { params: { path: { id: buildingId } } }));
  if (level === 'building') return b.zone?.id;
  if (level === 'floor' || level === 'room') return b.grid?.id ?? b.zone?.id;
  return undefined;
}

/** The class (organisation) of a student, to find the grids above a student gap. */
export async function classOfStudent(studentId: string): Promise<string> {
  const s = await bodyOf(api.GET('/api/students/{id}', { params: { path: { id: studentId } } }));
  return s.orgId;
}
