export const HAZARD_EVENTS = {
  /** a hazard was found, or a step, a notice, a clock alarm (逾期, 挂牌督办) changed it */
  changed: 'hazard.changed',
} as const;
