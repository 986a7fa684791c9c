import { randomBytes } from 'node:crypto';
import { authorize, pathInScope, scopeFor, type Actor } from '../../kernel/access/index.js';
import { audit, type AuditActionIn } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { GENERATED, localizeActor } from '../../kernel/i18n.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import { placesByIds } from '../places/index.js';
import { chainFor, type AlarmsConfig } from './alarms.config.js';
import { alarmErrors } from './alarms.errors.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import {
  CLASS_ROUTES,
  escalationStep,
  isOpen,
  OPEN_STATUSES,
  responseClock,
  transition,
  verifyDeviceRequest,
  type AlarmClass,
  type AlarmMode,
  type AlarmSource,
  type IncidentAction,
} from './alarms.model.js';
import { PLAN_TEMPLATES, type PlanType } from './alarms.plans.js';
import * as repo from './alarms.repository.js';
import type { DEVICE_KINDS } from './alarms.tables.js';

export const ESCALATE_JOB = 'alarms.escalate';

const UNKNOWN_DEVICE_SECRET = randomBytes(32).toString('hex');

/** A device request as signed: HTTP headers and body, or the MQTT envelope. */
export interface SignedDeviceRequest {
  code: string;
  timestamp: string;
  idempotencyKey: string;
  signature: string;
  body: Buffer;
}

/** What raises an alarm, whatever the source. */
export interface RaiseInput {
  schoolId: string;
  orgId?: string;
  alarmClass: AlarmClass;
  mode: AlarmMode;
  source: AlarmSource;
  sourceRef: string;
  idempotencyKey: string;
  placeId?: string | null;
  lon?: number | null;
  lat?: number | null;
  note?: string | null;
  raisedBy: string | null;
  actorName: string;
}

export class AlarmsService {
  constructor(
    private readonly k: Kernel,
    private readonly cfg: AlarmsConfig,
  ) {}

  /** HTTP device requests allowed per minute: per address, per device code */
  get deviceRates() {
    return {
      perAddress: this.cfg.ALARM_DEVICE_RATE_PER_ADDRESS,
      perDevice: this.cfg.ALARM_DEVICE_RATE_PER_DEVICE,
    };
  }

  private targets() {
    return {
      acknowledge: this.cfg.ALARM_ACK_TARGET_SECONDS,
      onScene: this.cfg.ALARM_ON_SCENE_TARGET_SECONDS,
      policeOnScene: this.cfg.ALARM_POLICE_TARGET_SECONDS,
    };
  }

  present(r: repo.IncidentListItem) {
    const i = r.incident;
    return {
      id: i.id,
      schoolId: i.schoolId,
      schoolName: r.schoolName,
      alarmClass: i.alarmClass,
      mode: i.mode,
      source: i.source,
      placeId: i.placeId,
      placeName: r.placeName,
      placeCode: r.placeCode,
      mapPlaceId: r.mapPlaceId,
      lon: i.lon,
      lat: i.lat,
      note: i.note,
      status: i.status,
      routedToPolice: CLASS_ROUTES[i.alarmClass].police,
      raisedAt: i.raisedAt,
      acknowledgedAt: i.acknowledgedAt,
      policeAcceptedAt: i.policeAcceptedAt,
      onSceneAt: i.onSceneAt,
      policeOnSceneAt: i.policeOnSceneAt,
      resolvedAt: i.resolvedAt,
      closedAt: i.closedAt,
      closeReason: i.closeReason,
      version: i.version,
      clock: responseClock(i, this.k.clock.now(), this.targets()),
    };
  }

  /**
   * The one way in for every source. The incident, its first timeline entry and the event that
   * rings the consoles are written in one transaction; the caller answers only after it commits.
   * The same (source, ref, idempotency key) returns the incident already stored.
   */
  async raise(input: RaiseInput): Promise<{ id: string; created: boolean }> {
    return this.k.transaction(async (tx) => {
      const now = this.k.clock.now();
      const { incident, created } = await repo.insertIdempotent(tx, {
        id: newId(),
        orgId: input.orgId ?? input.schoolId,
        schoolId: input.schoolId,
        alarmClass: input.alarmClass,
        mode: input.mode,
        source: input.source,
        sourceRef: input.sourceRef,
        idempotencyKey: input.idempotencyKey,
        placeId: input.placeId ?? null,
        lon: input.lon ?? null,
        lat: input.lat ?? null,
        note: input.note ?? null,
        status: 'raised',
        raisedAt: now,
        raisedBy: input.raisedBy,
        updatedAt: now,
      });
      if (created) {
        await repo.addEvent(tx, {
          id: newId(),
          incidentId: incident.id,
          at: now,
          actorId: input.raisedBy,
          actorName: input.actorName,
          kind: 'raised',
          note: input.note ?? null,
          data: { source: input.source, alarmClass: input.alarmClass, mode: input.mode },
        });
        await appendEvent(tx, this.k.clock, {
          type: INCIDENT_EVENTS.raised,
          payload: {
            id: incident.id,
            alarmClass: incident.alarmClass,
            mode: incident.mode,
            source: incident.source,
            status: incident.status,
            placeId: incident.placeId,
          },
          orgId: incident.orgId,
          actorId: input.raisedBy,
        });
        await this.scheduleEscalation(tx, incident, 0);
      }
      return { id: incident.id, created };
    });
  }

  /** A press or test from a device over HTTP (or MQTT, through the same check). */
  async raiseFromDevice(req: SignedDeviceRequest & { mode: AlarmMode }) {
    const device = await this.verifiedDevice(req);
    const now = this.k.clock.now();
    const r = await this.raise({
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
    await this.seen(device, now, req.mode === 'test' ? { lastTestAt: now } : {});
    return r;
  }

  private chain(alarmClass: AlarmClass) {
    return {
      intervalSeconds: this.cfg.ALARM_ESCALATION_SECONDS,
      steps: chainFor(this.cfg, alarmClass),
      repeat: true,
    };
  }

  /** Escalation n of an incident, due n+1 intervals after the alarm; a durable job. */
  private async scheduleEscalation(ex: Executor, incident: repo.IncidentRow, n: number) {
    const next = escalationStep(this.chain(incident.alarmClass), n);
    if (!next) return;
    await this.k.jobs.enqueue(
      ex,
      ESCALATE_JOB,
      { incidentId: incident.id, n },
      {
        runAt: new Date(incident.raisedAt.getTime() + next.dueAfterSeconds * 1000),
        singletonKey: `${incident.id}:${n}`,
      },
    );
  }

  /**
   * The escalation job: while nobody has acknowledged, tell the holders of the chain's next role
   * in the school (through the notification port), note it on the timeline, and schedule the next.
   */
  async escalate(incidentId: string, n: number): Promise<void> {
    const r = await repo.findInScope(this.k.db, { all: true }, incidentId);
    if (!r || r.incident.status !== 'raised') return;
    const step = escalationStep(this.chain(r.incident.alarmClass), n);
    if (!step) return;
    const i = r.incident;
    await this.k.transaction(async (tx) => {
      const userIds = await repo.usersWithRole(tx, i.schoolId, step.step);
      const where = r.placeName ? `（${r.placeName}）` : '';
      await this.k.notify.notify(tx, {
        userIds,
        orgId: i.orgId,
        kind: 'incident.escalated',
        title: `${i.mode === 'real' ? '' : i.mode === 'drill' ? '【演练】' : '【测试】'}一键报警 ${step.dueAfterSeconds} 秒无人确认`,
        body: `${r.schoolName}${where}的报警尚未确认，请立即处置。`,
        link: `/incidents/${i.id}`,
        data: { incidentId: i.id, step: step.step, n },
      });
      await repo.addEvent(tx, {
        id: newId(),
        incidentId: i.id,
        at: this.k.clock.now(),
        actorId: null,
        actorName: GENERATED.system.zh,
        kind: 'escalated',
        note: null,
        data: { step: step.step, n, notified: userIds.length },
      });
      await appendEvent(tx, this.k.clock, {
        type: INCIDENT_EVENTS.updated,
        payload: { id: i.id, kind: 'escalated', status: i.status },
        orgId: i.orgId,
      });
      await this.scheduleEscalation(tx, i, n + 1);
    });
  }

  /**
   * The watch over devices (a recurring job): a device silent for ALARM_DEVICE_MISSED_HEARTBEATS
   * intervals goes offline, and the consoles of its school are told at once.
   */
  async watchDevices(): Promise<number> {
    return this.k.transaction(async (tx) => {
      const now = this.k.clock.now();
      const silent = await repo.markSilentDevicesOffline(tx, now, this.cfg.ALARM_DEVICE_MISSED_HEARTBEATS);
      for (const d of silent) {
        await appendEvent(tx, this.k.clock, {
          type: INCIDENT_EVENTS.deviceOffline,
          payload: { id: d.id, code: d.code, name: d.name, lastSeenAt: d.lastSeenAt?.toISOString() ?? null },
          orgId: d.orgId,
        });
      }
      return silent.length;
    });
  }

  /** A device's heartbeat (signed like a press): it is online. */
  async heartbeat(req: SignedDeviceRequest) {
    const device = await this.verifiedDevice(req);
    await this.seen(device, this.k.clock.now());
  }

  /** A device was heard from: online, and if it had gone silent, the consoles are told it is back. */
  private async seen(device: repo.DeviceRow, now: Date, extra: { lastTestAt?: Date } = {}) {
    await this.k.transaction(async (tx) => {
      if (await repo.markOnline(tx, device.id, now))
        await appendEvent(tx, this.k.clock, {
          type: INCIDENT_EVENTS.deviceOnline,
          payload: { id: device.id, code: device.code, name: device.name },
          orgId: device.orgId,
        });
      await repo.touchDevice(tx, device.id, { lastSeenAt: now, online: true, ...extra });
    });
  }

  /** The registered, enabled device a request names, if its signature holds (HTTP and MQTT alike). */
  private async verifiedDevice(req: SignedDeviceRequest) {
    const device = await repo.deviceByCode(this.k.db, req.code);
    const known = device?.enabled ? device : null;
    // An unknown device is checked against a throwaway secret and answered like a bad signature,
    // so the answer (and its timing) does not tell which device codes exist.
    const secret = known ? this.k.crypto.decrypt(known.secretEnc) : UNKNOWN_DEVICE_SECRET;
    const check = verifyDeviceRequest(secret, req, this.k.clock.now());
    if (!known || check !== 'ok') {
      this.k.log.info({ device: req.code, reason: known ? check : 'unknown_device' }, 'device refused');
      throw alarmErrors.badSignature();
    }
    return known;
  }

  /**
   * The internal port for camera analytics (the video module): a detection at a camera of the
   * school raises an alarm like any other source. `eventKey` is the analytics event's own id, so a
   * detection delivered twice is one alarm.
   */
  async raiseFromCamera(input: {
    schoolId: string;
    cameraId: string;
    cameraName: string;
    eventKey: string;
    alarmClass: AlarmClass;
    mode?: AlarmMode;
    placeId?: string | null;
    lon?: number | null;
    lat?: number | null;
    note: string;
  }) {
    const school = await findOrgById(this.k.db, input.schoolId);
    if (!school || school.kind !== 'school') throw errors.notFound({ schoolId: input.schoolId });
    return this.raise({
      schoolId: school.id,
      alarmClass: input.alarmClass,
      mode: input.mode ?? 'real',
      source: 'video',
      sourceRef: input.cameraId,
      idempotencyKey: input.eventKey,
      placeId: input.placeId ?? null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      note: input.note,
      raisedBy: null,
      actorName: input.cameraName,
    });
  }

  /** The phone's SOS: any signed-in user, for the school they belong to. */
  async sos(
    actor: Actor,
    input: {
      idempotencyKey: string;
      alarmClass?: AlarmClass;
      lon?: number;
      lat?: number;
      placeId?: string;
      note?: string;
    },
  ) {
    authorize(actor, 'alarm.sos');
    let school: Awaited<ReturnType<typeof schoolOf>>;
    for (const m of actor.memberships) {
      school = await schoolOf(this.k.db, m.orgId);
      if (school) break;
    }
    if (!school) throw alarmErrors.noSchool();
    // A stale or foreign place (an old QR code) must not cost the alarm: it is raised without one.
    const [place] = input.placeId ? await placesByIds(this.k.db, [input.placeId]) : [];
    return this.raise({
      schoolId: school.id,
      alarmClass: input.alarmClass ?? 'police',
      mode: 'real',
      source: 'sos',
      sourceRef: actor.userId!,
      idempotencyKey: input.idempotencyKey,
      placeId: place?.schoolId === school.id ? place.id : null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      note: input.note ?? null,
      raisedBy: actor.userId,
      actorName: actor.name,
    });
  }

  /** An operator or guard entering an alarm by hand (a phone call, a shout at the gate). */
  async raiseManual(
    actor: Actor,
    input: {
      schoolId: string;
      idempotencyKey: string;
      alarmClass: AlarmClass;
      mode: AlarmMode;
      placeId?: string;
      note?: string;
    },
  ) {
    const scope = authorize(actor, 'alarm.raise');
    const school = await findOrgById(this.k.db, input.schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId: input.schoolId });
    return this.raise({
      schoolId: school.id,
      alarmClass: input.alarmClass,
      mode: input.mode,
      source: 'manual',
      sourceRef: actor.userId!,
      idempotencyKey: input.idempotencyKey,
      placeId: input.placeId ?? null,
      note: input.note ?? null,
      raisedBy: actor.userId,
      actorName: actor.name,
    });
  }

  /** Register a device; its signing secret is shown this once and stored only encrypted. */
  async registerDevice(
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
    const school = await findOrgById(this.k.db, input.schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId: input.schoolId });
    if (await repo.deviceByCode(this.k.db, input.code))
      throw alarmErrors.deviceCodeTaken({ code: input.code });
    const secret = randomBytes(32).toString('hex');
    const id = newId();
    const now = this.k.clock.now();
    await this.k.transaction(async (tx) => {
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
        secretEnc: this.k.crypto.encrypt(secret),
        heartbeatSeconds: input.heartbeatSeconds ?? 60,
        createdAt: now,
        updatedAt: now,
      });
      await audit(tx, this.k.clock, actor, {
        action: 'alarm.device_register',
        targetType: 'alarm_device',
        targetId: id,
        orgId: school.id,
        details: { code: input.code, name: input.name },
      });
    });
    const [stored] = await repo.listDevices(this.k.db, { all: true }, { id });
    return { device: presentDevice(stored!), secret };
  }

  /**
   * A device test started from the console (a technician at the button, the demo): the same path
   * as a press, marked as a test everywhere, and kept as the device's last test.
   */
  async testDevice(actor: Actor, deviceId: string) {
    const scope = authorize(actor, 'alarm.devices');
    const [found] = await repo.listDevices(this.k.db, scope, { id: deviceId });
    if (!found) throw errors.notFound({ deviceId });
    const device = found.device;
    return this.raiseDeviceTest(device, `console-test-${newId()}`, `设备测试（${actor.name}）`);
  }

  /** A test press of a device (from the console or a scheduled test), kept as its last test. */
  async raiseDeviceTest(device: repo.DeviceRow, idempotencyKey: string, note: string) {
    const r = await this.raise({
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
    await repo.touchDevice(this.k.db, device.id, { lastTestAt: this.k.clock.now() });
    return r;
  }

  async deviceInSchool(schoolId: string, deviceId: string) {
    const [found] = await repo.listDevices(this.k.db, { all: true }, { schoolId, id: deviceId });
    return found?.device;
  }

  /**
   * A drill or test is over: its incident, if still open, is resolved and closed with the note,
   * stamped on the timeline like any other step, so no console keeps showing an exercise.
   */
  async closeExercise(tx: Executor, actor: Actor, incidentId: string, note: string) {
    const r = await repo.findInScope(tx, { all: true }, incidentId);
    if (!r || !isOpen(r.incident.status) || r.incident.mode === 'real') return;
    const now = this.k.clock.now();
    const changed = await repo.updateAt(tx, incidentId, r.incident.version, {
      status: 'closed',
      resolvedAt: r.incident.resolvedAt ?? now,
      closedAt: now,
      closeReason: note,
      updatedAt: now,
    });
    if (changed) await this.record(tx, actor, r.incident, 'close', note, { status: 'closed' });
  }

  /**
   * The schools the caller watches, each with its location, open incidents and devices: the
   * police station's map of its jurisdiction, the security room's own school.
   */
  async overview(actor: Actor) {
    const scope = authorize(actor, 'alarm.read');
    return { schools: await repo.schoolsOverview(this.k.db, scope, [...OPEN_STATUSES]) };
  }

  async listDevices(actor: Actor, schoolId: string | undefined) {
    const scope = authorize(actor, 'alarm.read');
    return { items: (await repo.listDevices(this.k.db, scope, { schoolId })).map(presentDevice) };
  }

  async list(actor: Actor, f: { open?: boolean; schoolId?: string }) {
    const scope = authorize(actor, 'alarm.read');
    const rows = await repo.list(this.k.db, scope, {
      ...(f.open ? { statuses: [...OPEN_STATUSES] } : {}),
      schoolId: f.schoolId,
      limit: f.open ? 1000 : 200,
    });
    return { items: rows.map((r) => this.present(r)) };
  }

  /** One incident with its timeline and plans: to those who may read alarms there, and to its sender. */
  async get(actor: Actor, id: string) {
    const r = await this.visible(actor, id, 'alarm.read');
    const [timeline, plans] = await Promise.all([repo.timeline(this.k.db, id), repo.plansOf(this.k.db, id)]);
    return {
      ...this.present(r),
      timeline: timeline.map((e) => ({ ...e, actorName: localizeActor(e.actorName, actor.lang) })),
      plans,
    };
  }

  /** Open an emergency plan (应急预案) on an open incident: its steps become a checklist. */
  async openPlan(actor: Actor, id: string, type: PlanType) {
    const r = await this.visible(actor, id, 'alarm.handle');
    if (!isOpen(r.incident.status)) throw alarmErrors.notAllowed({ reason: 'not_open' });
    const template = PLAN_TEMPLATES.find((t) => t.type === type)!;
    await this.k.transaction(async (tx) => {
      const opened = await repo.insertPlan(
        tx,
        {
          id: newId(),
          incidentId: id,
          type,
          name: template.name,
          openedAt: this.k.clock.now(),
          openedBy: actor.userId,
        },
        template.steps.map((st) => ({ title: st.title, owner: st.owner })),
      );
      if (opened) await this.record(tx, actor, r.incident, 'plan_opened', template.name, { type });
    });
    return this.get(actor, id);
  }

  /** Tick one step of an opened plan, with time and person. */
  async tickPlanStep(actor: Actor, id: string, stepId: string) {
    const r = await this.visible(actor, id, 'alarm.handle');
    await this.k.transaction(async (tx) => {
      const step = await repo.tickStep(tx, id, stepId, this.k.clock.now(), {
        id: actor.userId,
        name: actor.name,
      });
      if (!step) throw errors.notFound({ stepId });
      await this.record(tx, actor, r.incident, 'plan_step', step.title, { stepId, seq: step.seq });
    });
    return this.get(actor, id);
  }

  private async visible(
    actor: Actor,
    id: string,
    permission: 'alarm.read' | 'alarm.handle' | 'alarm.police',
  ) {
    const scope = scopeFor(actor, permission);
    const r = scope ? await repo.findInScope(this.k.db, scope, id) : undefined;
    if (r) return r;
    // The sender follows their own alarm (a student's SOS) without reading anyone else's.
    if (permission === 'alarm.read' && actor.userId) {
      const own = await repo.findInScope(this.k.db, { all: true }, id);
      if (own?.incident.raisedBy === actor.userId) return own;
    }
    const mayAsk = scope ?? (permission === 'alarm.read' ? scopeFor(actor, 'alarm.sos') : null);
    if (!mayAsk) throw errors.forbidden({ permission });
    throw errors.notFound({ id });
  }

  /** One step of the lifecycle, stamped with time and actor, pushed to every console at once. */
  async act(
    actor: Actor,
    id: string,
    action: IncidentAction,
    input: { note?: string; reason?: string } = {},
  ) {
    const permission =
      action === 'police_accept' || action === 'police_on_scene'
        ? 'alarm.police'
        : action === 'cancel'
          ? 'alarm.read'
          : 'alarm.handle';
    if (action === 'cancel') authorize(actor, 'alarm.sos');
    const r = await this.visible(actor, id, permission);
    if ((action === 'false_alarm' || action === 'cancel') && !input.reason)
      throw alarmErrors.reasonRequired();
    const now = this.k.clock.now();
    const result = transition(r.incident, action, now, {
      actorId: actor.userId,
      cancelWindowMs: this.cfg.ALARM_CANCEL_WINDOW_SECONDS * 1000,
    });
    if (!result.ok) {
      if (result.reason === 'no_cancel' || result.reason === 'cancel_window_over')
        throw alarmErrors.noCancel();
      throw alarmErrors.notAllowed({ reason: result.reason, status: r.incident.status });
    }
    await this.k.transaction(async (tx) => {
      const changed = await repo.updateAt(tx, id, r.incident.version, {
        status: result.status,
        ...result.set,
        ...(input.reason ? { closeReason: input.reason } : {}),
        updatedAt: now,
      });
      if (!changed) throw alarmErrors.notAllowed({ reason: 'changed_meanwhile' });
      await this.record(tx, actor, r.incident, action, input.note ?? input.reason ?? null, {
        status: result.status,
      });
    });
    return this.get(actor, id);
  }

  async addNote(actor: Actor, id: string, note: string) {
    const r = await this.visible(actor, id, 'alarm.handle');
    await this.k.transaction(async (tx) => this.record(tx, actor, r.incident, 'note', note, {}));
    return this.get(actor, id);
  }

  private async record(
    tx: Executor,
    actor: Actor,
    incident: repo.IncidentRow,
    kind: AuditActionIn<'incident'>,
    note: string | null,
    data: Record<string, unknown>,
  ) {
    const now = this.k.clock.now();
    await repo.addEvent(tx, {
      id: newId(),
      incidentId: incident.id,
      at: now,
      actorId: actor.userId,
      actorName: actor.name,
      kind,
      note,
      data,
    });
    await appendEvent(tx, this.k.clock, {
      type: INCIDENT_EVENTS.updated,
      payload: { id: incident.id, kind, status: (data['status'] as string | undefined) ?? incident.status },
      orgId: incident.orgId,
      actorId: actor.userId,
    });
    await audit(tx, this.k.clock, actor, {
      action: `incident.${kind}`,
      targetType: 'incident',
      targetId: incident.id,
      orgId: incident.orgId,
      details: note ? { note } : {},
    });
  }
}

function presentDevice({ device: d, placeName, placeCode }: repo.DeviceListItem) {
  return {
    id: d.id,
    schoolId: d.schoolId,
    code: d.code,
    name: d.name,
    kind: d.kind,
    alarmClass: d.alarmClass,
    placeId: d.placeId,
    placeName,
    placeCode,
    heartbeatSeconds: d.heartbeatSeconds,
    lastSeenAt: d.lastSeenAt,
    lastTestAt: d.lastTestAt,
    online: d.online,
    enabled: d.enabled,
  };
}
