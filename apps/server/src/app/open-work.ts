import type { Executor } from '../kernel/db.js';
import type { OpenWorkPort } from '../modules/grids/index.js';
import { openHazardsByBuilding, openHazardsIn } from '../modules/hazards/index.js';
import { openRequestsByBuilding, openRequestsIn } from '../modules/requests/index.js';

/**
 * The campus map's read port onto open requests and hazards: the grids module cannot import
 * those modules (they depend on it), so the composition root hands it their read functions.
 */
export function openWorkPort(db: Executor): OpenWorkPort {
  return {
    countsByBuilding: async (schoolId) =>
      (await Promise.all([openRequestsByBuilding(db, schoolId), openHazardsByBuilding(db, schoolId)])).flat(),
    inBuilding: async (path, limit) => {
      const [requests, hazards] = await Promise.all([
        openRequestsIn(db, path, limit),
        openHazardsIn(db, path, limit),
      ]);
      return [
        ...hazards.map((h) => ({ kind: 'hazard' as const, ...h })),
        ...requests.map((r) => ({ kind: 'request' as const, ...r })),
      ];
    },
  };
}
