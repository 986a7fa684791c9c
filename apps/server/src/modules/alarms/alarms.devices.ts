import { randomBytes } from 'node:crypto';
import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { audit } from '../../kernel/audit/audit.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import { findOrgById } from '../orgs/index.js';
import type { AlarmsContext } from './alarms.context.js';
import { alarmErrors } from './alarms.errors.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import { verifyDeviceRequest, type AlarmClass, type AlarmMode } from './alarms.model.js';
import { presentDevice } from './alarms.present.js';
import { raise } from './alarms.raise.js';
import * as repo from './alarms.repository.js';
import type { DEVICE_KINDS } from './alarms.tables.js';

const UNKNOWN_DEVICE_SECRET = randomBytes(32).toString('hex');

/** A device request as signed: HTTP headers and body, or the MQTT envelope. */
export interface SignedDeviceRequest {
  code: string;
  timestamp: string;
  idempotencyKey: string;
  signature: string;
  body: Buffer;
}

/** A press or test from a device over HTTP (or MQTT, through the same check). */
export async function raiseFromDevice(c: AlarmsContext, req: SignedDeviceRequest & { mode: AlarmMode }) {
  const device = await verifiedDevice(c, req);
  const now = c.k.clock.now();
  const r = await raise(c, {
    schoolId: device.schoolId,
    orgId: device.orgId,
    alarmClass: device.alarmClass,
    mode: req.mode,
    source: 'device',
    sourceRef: device.id,
    idempotencyKey: req.idempotencyKey,
    placeId: device.placeId,
    lon: device.lon,
    lat: device.lat,
    raisedBy: null,
    actorName: device.name,
  });
  await seen(c, device, now, req.mode === 'test' ? { lastTestAt: now } : {});
  return r;
}

/**
 * The watch over devices (a recurring job): a device silent for ALARM_DEVICE_MISSED_HEARTBEATS
 * intervals goes offline, and the consoles of its school are told at once.
 */
export async function watchDevices(c: AlarmsContext): Promise<number> {
  return c.k.transaction(async (tx) => {
    const now = c.k.clock.now();
    const silent = await repo.markSilentDevicesOffline(tx, now, c.cfg.ALARM_DEVICE_MISSED_HEARTBEATS);
    for (const d of silent) {
      await appendEvent(tx, c.k.clock, {
        type: INCIDENT_EVENTS.deviceOffline,
        payload: { id: d.id, code: d.code, name: d.name, lastSeenAt: d.lastSeenAt?.toISOString() ?? null },
        orgId: d.orgId,
      });
    }
    return silent.length;
  });
}

/** A device's heartbeat (signed like a press): it is online. */
export async function heartbeat(c: AlarmsContext, req: SignedDeviceRequest) {
  const device = await verifiedDevice(c, req);
  await seen(c, device, c.k.clock.now());
}

/** A device was heard from: online, and if it had gone silent, the consoles are told it is back. */
async function seen(c: AlarmsContext, device: repo.DeviceRow, now: Date, extra: { lastTestAt?: Date } = {}) {
  await c.k.transaction(async (tx) => {
    if (await repo.markOnline(tx, device.id, now))
      await appendEvent(tx, c.k.clock, {
        type: INCIDENT_EVENTS.deviceOnline,
        payload: { id: device.id, code: device.code, name: device.name },
        orgId: device.orgId,
      });
    await repo.touchDevice(tx, device.id, { lastSeenAt: now, online: true, ...extra });
  });
}

/** The registered, enabled device a request names, if its signature holds (HTTP and MQTT alike). */
async function verifiedDevice(c: AlarmsContext, req: SignedDeviceRequest) {
  const device = await repo.deviceByCode(c.k.db, req.code);
  const known = device?.enabled ? device : null;
  // An unknown device is checked against a throwaway secret and answered like a bad signature,
  // so the answer (and its timing) does not tell which device codes exist.
  const secret = known ? c.k.crypto.decrypt(known.secretEnc) : UNKNOWN_DEVICE_SECRET;
  const check = verifyDeviceRequest(secret, req, c.k.clock.now());
  if (!known || check !== 'ok') {
    c.k.log.info({ device: req.code, reason: known ? check : 'unknown_device' }, 'device refused');
    throw alarmErrors.badSignature();
  }
  return known;
}

/** Register a device; its signing secret is shown this once and stored only encrypted. */
export async function registerDevice(
  c: AlarmsContext,
  actor: Actor,
  input: {
    schoolId: string;
    code: string;
    name: string;
    kind: (typeof DEVICE_KINDS)[number];
    alarmClass: AlarmClass;
    placeId?: string | undefined;
    lon?: number | undefined;
    lat?: number | undefined;
    heartbeatSeconds?: number | undefined;
  },
) {
  const scope = authorize(actor, 'alarm.devices');
  const school = await findOrgById(c.k.db, input.schoolId);
  if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
    throw errors.notFound({ schoolId: input.schoolId });
  if (await repo.deviceByCode(c.k.db, input.code)) throw alarmErrors.deviceCodeTaken({ code: input.code });
  const secret = randomBytes(32).toString('hex');
  const id = newId();
  const now = c.k.clock.now();
  await c.k.transaction(async (tx) => {
    await repo.insertDevice(tx, {
      id,
      orgId: school.id,
      schoolId: school.id,
      code: input.code,
      name: input.name,
      kind: input.kind,
      alarmClass: input.alarmClass,
      placeId: input.placeId ?? null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      secretEnc: c.k.crypto.encrypt(secret),
      heartbeatSeconds: input.heartbeatSeconds ?? 60,
      createdAt: now,
      updatedAt: now,
    });
    await audit(tx, c.k.clock, actor, {
      action: 'alarm.device_register',
      targetType: 'alarm_device',
      targetId: id,
      orgId: school.id,
      details: { code: input.code, name: input.name },
    });
  });
  const [stored] = await repo.listDevices(c.k.db, { all: true }, { id });
  return { device: presentDevice(stored!), secret };
}

/**
 * A device test started from the console (a technician at the button, the demo): the same path
 * as a press, marked as a test everywhere, and kept as the device's last test.
 */
export async function testDevice(c: AlarmsContext, actor: Actor, deviceId: string) {
  const scope = authorize(actor, 'alarm.devices');
  const [found] = await repo.listDevices(c.k.db, scope, { id: deviceId });
  if (!found) throw errors.notFound({ deviceId });
  const device = found.device;
  return raiseDeviceTest(c, device, `console-test-${newId()}`, `设备测试（${actor.name}）`);
}

/** A test press of a device (from the console or a scheduled test), kept as its last test. */
export async function raiseDeviceTest(
  c: AlarmsContext,
  device: repo.DeviceRow,
  idempotencyKey: string,
  note: string,
) {
  const r = await raise(c, {
    schoolId: device.schoolId,
    orgId: device.orgId,
    alarmClass: device.alarmClass,
    mode: 'test',
    source: 'device',
    sourceRef: device.id,
    idempotencyKey,
    placeId: device.placeId,
    lon: device.lon,
    lat: device.lat,
    note,
    raisedBy: null,
    actorName: device.name,
  });
  await repo.touchDevice(c.k.db, device.id, { lastTestAt: c.k.clock.now() });
  return r;
}

export async function deviceInSchool(c: AlarmsContext, schoolId: string, deviceId: string) {
  const [found] = await repo.listDevices(c.k.db, { all: true }, { schoolId, id: deviceId });
  return found?.device;
}

export async function listDevices(c: AlarmsContext, actor: Actor, schoolId: string | undefined) {
  const scope = authorize(actor, 'alarm.read');
  return { items: (await repo.listDevices(c.k.db, scope, { schoolId })).map(presentDevice) };
}
