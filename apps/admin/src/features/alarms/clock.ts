import type { BadgeProps } from 'antd';
import type { ClockEntry, Incident } from './types';

/**
 * A clock entry as of `now`: the server counted `seconds` when it answered (`fetchedAt`); a step
 * still awaited keeps counting here, so the console ticks without asking again and without
 * trusting the browser's clock against the server's.
 */
export function liveEntry(entry: ClockEntry, fetchedAt: number, now: number): ClockEntry {
  if (entry.state !== 'running' && entry.state !== 'overdue') return entry;
  const seconds = entry.seconds + Math.max(0, Math.floor((now - fetchedAt) / 1000));
  const overdue = entry.target !== null && seconds > entry.target;
  return { ...entry, seconds, state: overdue ? 'overdue' : 'running' };
}

/** Seconds since the alarm as of `now` (the acknowledge step counts from the alarm). */
export function secondsSinceRaised(incident: Incident, fetchedAt: number, now: number): number {
  const ack = incident.clock.find((c) => c.key === 'acknowledge');
  if (ack && (ack.state === 'running' || ack.state === 'overdue'))
    return liveEntry(ack, fetchedAt, now).seconds;
  return Math.max(0, Math.floor((now - Date.parse(incident.raisedAt)) / 1000));
}

export const CLOCK_COLOUR: Record<ClockEntry['state'], NonNullable<BadgeProps['status']>> = {
  met: 'success',
  missed: 'error',
  overdue: 'error',
  running: 'processing',
  not_needed: 'default',
};
