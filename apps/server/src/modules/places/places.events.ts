export const PLACE_EVENTS = {
  changed: 'place.changed',
  equipmentChanged: 'equipment.changed',
} as const;
