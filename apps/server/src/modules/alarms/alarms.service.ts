import type { Actor } from '../../kernel/access/index.js';
import type { Executor } from '../../kernel/db.js';
import type { Kernel } from '../../kernel/kernel.js';
import type { AlarmsConfig } from './alarms.config.js';
import type { AlarmsContext } from './alarms.context.js';
import {
  deviceInSchool,
  heartbeat,
  listDevices,
  raiseDeviceTest,
  raiseFromDevice,
  registerDevice,
  testDevice,
  watchDevices,
  type SignedDeviceRequest,
} from './alarms.devices.js';
import { deliveriesConsumer } from './alarms.deliveries.js';
import { escalate } from './alarms.escalation.js';
import { act, addNote, closeExercise, openPlan, revealCallerPhone, tickPlanStep } from './alarms.handling.js';
import type { AlarmMode, IncidentAction } from './alarms.model.js';
import type { PlanType } from './alarms.plans.js';
import { raise, type RaiseInput } from './alarms.raise.js';
import { get, list, overview, present } from './alarms.reading.js';
import type * as repo from './alarms.repository.js';
import { raiseFromCamera, raiseManual, sos, sosContacts } from './alarms.sources.js';

export { ESCALATE_JOB } from './alarms.escalation.js';
export type { SignedDeviceRequest } from './alarms.devices.js';
export type { RaiseInput } from './alarms.raise.js';

/**
 * One-button alarms (一键报警): every source raises through one door, nobody acknowledging
 * escalates, and every step of handling is stamped and pushed to the consoles.
 *
 * This class is the module's one door; each part lives in a file of its own: raising
 * (alarms.raise), the sources (alarms.sources: camera, SOS, by hand), devices (alarms.devices),
 * escalation (alarms.escalation), reading (alarms.reading) and handling (alarms.handling).
 */
export class AlarmsService {
  private readonly c: AlarmsContext;

  constructor(k: Kernel, cfg: AlarmsConfig) {
    this.c = { k, cfg };
  }

  /** HTTP device requests allowed per minute: per address, per device code */
  get deviceRates() {
    return {
      perAddress: this.c.cfg.ALARM_DEVICE_RATE_PER_ADDRESS,
      perDevice: this.c.cfg.ALARM_DEVICE_RATE_PER_DEVICE,
    };
  }

  // ---- raising ----------------------------------------------------------------------------------

  raise(input: RaiseInput) {
    return raise(this.c, input);
  }

  raiseFromCamera(input: Parameters<typeof raiseFromCamera>[1]) {
    return raiseFromCamera(this.c, input);
  }

  sos(actor: Actor, input: Parameters<typeof sos>[2]) {
    return sos(this.c, actor, input);
  }

  sosContacts(actor: Actor) {
    return sosContacts(this.c, actor);
  }

  raiseManual(actor: Actor, input: Parameters<typeof raiseManual>[2]) {
    return raiseManual(this.c, actor, input);
  }

  escalate(incidentId: string, n: number, from = n) {
    return escalate(this.c, incidentId, n, from);
  }

  /** The durable reaction that puts each delivery of an incident's notifications on its timeline. */
  deliveriesConsumer() {
    return deliveriesConsumer(this.c);
  }

  // ---- devices ----------------------------------------------------------------------------------

  raiseFromDevice(req: SignedDeviceRequest & { mode: AlarmMode }) {
    return raiseFromDevice(this.c, req);
  }

  heartbeat(req: SignedDeviceRequest) {
    return heartbeat(this.c, req);
  }

  watchDevices() {
    return watchDevices(this.c);
  }

  registerDevice(actor: Actor, input: Parameters<typeof registerDevice>[2]) {
    return registerDevice(this.c, actor, input);
  }

  testDevice(actor: Actor, deviceId: string) {
    return testDevice(this.c, actor, deviceId);
  }

  raiseDeviceTest(device: repo.DeviceRow, idempotencyKey: string, note: string) {
    return raiseDeviceTest(this.c, device, idempotencyKey, note);
  }

  deviceInSchool(schoolId: string, deviceId: string) {
    return deviceInSchool(this.c, schoolId, deviceId);
  }

  listDevices(actor: Actor, schoolId: string | undefined) {
    return listDevices(this.c, actor, schoolId);
  }

  // ---- reading ----------------------------------------------------------------------------------

  present(r: repo.IncidentListItem, actor: Actor) {
    return present(this.c, r, actor);
  }

  overview(actor: Actor) {
    return overview(this.c, actor);
  }

  list(actor: Actor, f: { open?: boolean; schoolId?: string }) {
    return list(this.c, actor, f);
  }

  get(actor: Actor, id: string) {
    return get(this.c, actor, id);
  }

  // ---- handling ---------------------------------------------------------------------------------

  act(actor: Actor, id: string, action: IncidentAction, input: { note?: string; reason?: string } = {}) {
    return act(this.c, actor, id, action, input);
  }

  openPlan(actor: Actor, id: string, type: PlanType) {
    return openPlan(this.c, actor, id, type);
  }

  tickPlanStep(actor: Actor, id: string, stepId: string) {
    return tickPlanStep(this.c, actor, id, stepId);
  }

  addNote(actor: Actor, id: string, note: string) {
    return addNote(this.c, actor, id, note);
  }

  revealCallerPhone(actor: Actor, id: string) {
    return revealCallerPhone(this.c, actor, id);
  }

  closeExercise(tx: Executor, actor: Actor, incidentId: string, note: string) {
    return closeExercise(this.c, tx, actor, incidentId, note);
  }
}
