import { describe, expect, it } from 'vitest';
import { phoneActions, rings, type Incident } from './types';

const base = {
  status: 'raised',
  routedToPolice: true,
  acknowledgedAt: null,
  policeAcceptedAt: null,
  onSceneAt: null,
  policeOnSceneAt: null,
} as unknown as Incident;
const at = '2026-12-07T10:00:00.000Z';
const guard = { handle: true, police: false };
const police = { handle: false, police: true };

describe('what rings on a phone and what it offers', () => {
  it('rings the school side until acknowledged, the police until they accept', () => {
    expect(rings(base, guard)).toBe(true);
    expect(rings(base, police)).toBe(true);
    const acknowledged = { ...base, status: 'acknowledged', acknowledgedAt: at } as Incident;
    expect(rings(acknowledged, guard)).toBe(false);
    expect(rings(acknowledged, police)).toBe(true);
    const accepted = { ...acknowledged, status: 'dispatched', policeAcceptedAt: at } as Incident;
    expect(rings(accepted, police)).toBe(false);
    // An alarm that stays in the school never rings at the station.
    expect(rings({ ...base, routedToPolice: false }, police)).toBe(false);
    expect(rings({ ...base, status: 'closed' }, guard)).toBe(false);
  });

  it('offers each side its next step only', () => {
    expect(phoneActions(base, guard)).toEqual(['acknowledge']);
    expect(phoneActions(base, police)).toEqual(['police_accept']);
    const accepted = { ...base, status: 'dispatched', acknowledgedAt: at, policeAcceptedAt: at } as Incident;
    expect(phoneActions(accepted, guard)).toEqual(['on_scene']);
    expect(phoneActions(accepted, police)).toEqual(['police_on_scene']);
    expect(phoneActions({ ...accepted, status: 'resolved' }, guard)).toEqual([]);
  });
});
