export const GRID_EVENTS = {
  changed: 'grid.changed',
} as const;
