import type { GridLevel } from '../../api/types';

/** Where the coverage report (CoveragePage.tsx) sends the reader: a grid, or the grids of a level. */
export const gridLink = (id: string) => `/grids?open=${id}`;
export const levelLink = (level: GridLevel) => `/grids?level=${level}`;
