import type { Tx } from '../kernel/db.js';
import { staff } from '../modules/people/index.js';
import { demoCampusLayout } from './campus.js';
import { seedDevices, seedEquipment } from './campus-seed.equipment.js';
import { seedGrids } from './campus-seed.grids.js';
import { seedGroups } from './campus-seed.groups.js';
import { seedStaff, seedStudents } from './campus-seed.people.js';
import { seedPlaces } from './campus-seed.places.js';
import { BEDS, type CampusSeedInput, type Seeding } from './campus-seed.types.js';

export type { CampusSeedInput } from './campus-seed.types.js';

/**
 * The campus of the demo college: places from the layout, the student registry with beds,
 * staff, equipment with inspection dates, student organisations (158, covering 43% of students
 * as in the seed text) and physical + virtual grids with leaders and members. A few blind spots
 * are left on purpose so the coverage report has something to show: the gym has no grid, one
 * classroom sits in two floor grids, and one floor grid has no leader yet.
 */
export async function seedCampus(tx: Tx, input: CampusSeedInput) {
  const { school, now } = input;
  const dormBuildings = Math.max(6, Math.ceil(input.studentUsers.length / (6 * 20 * BEDS) / 0.9));
  const layout = demoCampusLayout({ dormBuildings });
  const base = { schoolId: school.id, orgId: school.id, createdAt: now, updatedAt: now };
  const s: Seeding = { tx, input, layout, base };
  // The steps run in this order: each draws from the same random sequence, so the demo stays the same.
  const placed = await seedPlaces(s);
  const heads = await seedStaff(s);
  const registry = await seedStudents(s, placed.rooms);
  if (heads.staffRows.length) await tx.insert(staff).values(heads.staffRows);
  const groups = await seedGroups(s, registry.studentRows);
  const equipmentCount = await seedEquipment(s, placed);
  await seedDevices(s, placed);
  const gridCount = await seedGrids(s, placed, heads, registry);
  return {
    places: placed.places,
    rooms: placed.rooms.length,
    staff: heads.staffRows.length,
    grids: gridCount,
    equipment: equipmentCount,
    groups,
  };
}
