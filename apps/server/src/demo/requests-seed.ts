import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../kernel/db.js';
import { newId } from '../kernel/ids.js';
import { requestCategories, requestRoutes, requestSettings } from '../modules/requests/index.js';
import { CATEGORIES, DEMO_CALENDAR } from './requests-catalogue.js';
import { seedRequestHistory, type HistoryInput } from './requests-history.js';

type Id = string;

/**
 * The demo college's requests catalogue, routing rules, calendar, and 90 days of past requests in
 * every state (so the figures and the ledger have something true to show).
 */
export async function seedRequests(tx: Tx, input: Omit<HistoryInput, 'categories' | 'dormGrids'>) {
  const { school, now } = input;
  await tx.insert(requestSettings).values({
    schoolId: school.id,
    calendar: DEMO_CALENDAR,
    weights: { response: 30, resolution: 35, satisfaction: 35 },
    // The demo shows Open311's public view to a client without a key.
    open311PublicRead: true,
    updatedAt: now,
  });
  const cats = CATEGORIES.map((c, i) => ({
    id: newId(),
    schoolId: school.id,
    code: c.code,
    name: c.name,
    nameEn: c.nameEn,
    groupName: c.group,
    description: c.description,
    keywords: c.keywords,
    attributes: c.attributes ?? [],
    policy: c.policy,
    active: true,
    sortOrder: (i + 1) * 10,
    version: 1,
    updatedAt: now,
  }));
  await tx.insert(requestCategories).values(cats);

  const dormGrids = await rows<{ id: Id; path: string; name: string; building_path: string }>(
    tx,
    sql`select g.id, g.path, g.name, p.path as building_path from grids g
          join grid_bindings b on b.grid_id = g.id join places p on p.id = b.place_id
        where g.school_id = ${school.id} and g.level = 'building' and p.use = 'dormitory' and p.kind = 'building'
        order by g.code`,
  );
  const routeRows: (typeof requestRoutes.$inferInsert)[] = [];
  CATEGORIES.forEach((c, i) => {
    const cat = cats[i]!;
    if (c.unit === 'DORM_GRID') {
      for (const g of dormGrids)
        routeRows.push({
          id: newId(),
          schoolId: school.id,
          categoryId: cat.id,
          scopePath: g.path,
          scopeLabel: g.name,
          unitOrgId: null,
          unitGridId: g.id,
          updatedAt: now,
        });
      // Outside the dormitories, the student affairs office takes dorm issues.
      routeRows.push({
        id: newId(),
        schoolId: school.id,
        categoryId: cat.id,
        scopePath: null,
        scopeLabel: null,
        unitOrgId: input.departments.XGC.id,
        unitGridId: null,
        updatedAt: now,
      });
    } else if (c.unit) {
      routeRows.push({
        id: newId(),
        schoolId: school.id,
        categoryId: cat.id,
        scopePath: null,
        scopeLabel: null,
        unitOrgId: input.departments[c.unit].id,
        unitGridId: null,
        updatedAt: now,
      });
    }
  });
  await tx.insert(requestRoutes).values(routeRows);

  const history = await seedRequestHistory(tx, {
    ...input,
    categories: CATEGORIES.map((c, n) => ({ ...c, id: cats[n]!.id })),
    dormGrids,
  });
  return { categories: cats.length, routes: routeRows.length, ...history };
}
