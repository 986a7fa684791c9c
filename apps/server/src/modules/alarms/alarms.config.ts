import type { AlarmClass } from './alarms.model.js';
import { z } from 'zod';

const seconds = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

const ESCALATION_ROLES = ['guard', 'grid_center', 'grid_leader', 'counselor', 'school_admin'] as const;
/** A comma-separated list of school roles, in the order they are told. */
const chain = z
  .string()
  .transform((v) =>
    v
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
  )
  .pipe(z.array(z.enum(ESCALATION_ROLES)).min(1));

/** The alarms module's settings (environment variables); per-school data may override later. */
export const alarmsConfig = z.object({
  /** how long the sender may take back an accidental press (not police alarms) */
  ALARM_CANCEL_WINDOW_SECONDS: seconds(0, 300, 15),
  /** response clock targets: 1-3-5 minutes (self-rescue, mutual aid, police on scene) */
  ALARM_ACK_TARGET_SECONDS: seconds(10, 3600, 60),
  ALARM_ON_SCENE_TARGET_SECONDS: seconds(10, 3600, 180),
  ALARM_POLICE_TARGET_SECONDS: seconds(10, 7200, 300),
  /** device ingest over MQTT (Mosquitto, EMQX); without it devices use HTTP only */
  MQTT_URL: z
    .string()
    .regex(/^(mqtt|mqtts|ws|wss):\/\//, 'must start with mqtt://, mqtts://, ws:// or wss://')
    .optional(),
  /** the persistent MQTT session's client id: stable per server process, unique across them */
  MQTT_CLIENT_ID: z.string().min(1).max(100).optional(),
  /** nobody acknowledged for this long: tell the next in the chain, and again each interval */
  ALARM_ESCALATION_SECONDS: seconds(10, 3600, 30),
  /**
   * the chain, as roles of the school, in order. A step whose people already have the banner
   * ringing (guards, the grid centre and the school's administrators, held school-wide) is skipped,
   * so each step reaches someone new; it ends after the last.
   */
  ALARM_ESCALATION_CHAIN: chain.default(['guard', 'grid_center', 'counselor', 'grid_leader', 'school_admin']),
  /** per class, replacing the chain above for alarms of that class */
  ALARM_ESCALATION_CHAIN_POLICE: chain.optional(),
  ALARM_ESCALATION_CHAIN_STAFF_ASSIST: chain.optional(),
  ALARM_ESCALATION_CHAIN_MEDICAL: chain.optional(),
  ALARM_ESCALATION_CHAIN_FIRE: chain.optional(),
  /** HTTP device requests per minute, per address and per device code (beyond: 429) */
  ALARM_DEVICE_RATE_PER_ADDRESS: seconds(10, 1_000_000, 600),
  ALARM_DEVICE_RATE_PER_DEVICE: seconds(5, 1_000_000, 60),
  /** a device that sends nothing for this many heartbeat intervals is offline */
  ALARM_DEVICE_MISSED_HEARTBEATS: seconds(1, 100, 3),
});

export type AlarmsConfig = z.infer<typeof alarmsConfig>;

/** The escalation chain of a class: its own when set, else the common one. */
export function chainFor(cfg: AlarmsConfig, alarmClass: AlarmClass): string[] {
  const own = {
    police: cfg.ALARM_ESCALATION_CHAIN_POLICE,
    staff_assist: cfg.ALARM_ESCALATION_CHAIN_STAFF_ASSIST,
    medical: cfg.ALARM_ESCALATION_CHAIN_MEDICAL,
    fire: cfg.ALARM_ESCALATION_CHAIN_FIRE,
  }[alarmClass];
  return own ?? cfg.ALARM_ESCALATION_CHAIN;
}
