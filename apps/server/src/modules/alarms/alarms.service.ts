import { randomBytes } from 'node:crypto';
import {
  authorize,
  pathInScope,
  ROLE_GRANTS,
  ROLES,
  scopeFor,
  type Actor,
} from '../../kernel/access/index.js';
import { audit, type AuditActionIn } from '../../kernel/audit/audit.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { GENERATED, localizeActor } from '../../kernel/i18n.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById, schoolOf } from '../orgs/index.js';
import { locateInSchool, placesByIds } from '../places/index.js';
import { chainFor, type AlarmsConfig } from './alarms.config.js';
import { alarmErrors } from './alarms.errors.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import {
  escalationStep,
  isOpen,
  OPEN_STATUSES,
  transition,
  verifyDeviceRequest,
  type AlarmClass,
  type AlarmMode,
  type AlarmSource,
  type IncidentAction,
} from './alarms.model.js';
import { PLAN_TEMPLATES, type PlanType } from './alarms.plans.js';
import { presentDevice, presentIncident } from './alarms.present.js';
import * as repo from './alarms.repository.js';
import type { DEVICE_KINDS } from './alarms.tables.js';

export const ESCALATE_JOB = 'alarms.escalate';

/** Roles whose consoles ring for the alarms of where they hold them: those that read alarms. */
const BANNER_ROLES = ROLES.filter((role) => ROLE_GRANTS[role].own.includes('alarm.read'));

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
  /** metres, as the phone reports its fix */
  accuracy?: number | null;
  /** metres from the fix to the place resolved from it (0 inside its outline) */
  placeDistance?: number | null;
  /** who pressed (a phone's SOS), as they were at the time */
  caller?: { name: string; role: string | null; unit: string | null; phone: string | null } | null;
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

  /** Whether the actor handles alarms where the incident is (school side or police side). */
  private handles(actor: Actor) {
    const scopes = [scopeFor(actor, 'alarm.handle'), scopeFor(actor, 'alarm.police')];
    return (orgPath: string) => scopes.some((sc) => sc !== null && pathInScope(sc, orgPath));
  }

  present(r: repo.IncidentListItem, actor: Actor) {
    return presentIncident(r, this.k.clock.now(), this.targets(), this.handles(actor)(r.orgPath));
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
        accuracy: input.accuracy ?? null,
        placeDistance: input.placeDistance ?? null,
        callerName: input.caller?.name ?? null,
        callerRole: input.caller?.role ?? null,
        callerUnit: input.caller?.unit ?? null,
        callerPhone: input.caller?.phone ?? null,
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
      // Each step reaches someone new (escalate): after the last there is nobody left to tell.
      repeat: false,
    };
  }

  /** Escalation n of an incident, due n+1 intervals after the alarm; a durable job. */
  private async scheduleEscalation(ex: Executor, incident: repo.IncidentRow, n: number, from = n) {
    const next = escalationStep(this.chain(incident.alarmClass), n);
    if (!next) return;
    await this.k.jobs.enqueue(
      ex,
      ESCALATE_JOB,
      { incidentId: incident.id, n, from },
      {
        runAt: new Date(incident.raisedAt.getTime() + next.dueAfterSeconds * 1000),
        singletonKey: `${incident.id}:${n}`,
      },
    );
  }

  /**
   * The escalation job: while nobody has acknowledged, tell the next role of the chain in the
   * school (through the notification port), note it on the timeline, and schedule the next. A step
   * whose people all have the banner ringing already (or were told by an earlier step) is skipped,
   * so each step reaches someone new; when no step is left that would, the chain ends.
   */
  async escalate(incidentId: string, n: number, from = n): Promise<void> {
    const r = await repo.findInScope(this.k.db, { all: true }, incidentId);
    if (!r || r.incident.status !== 'raised') return;
    const i = r.incident;
    const chain = this.chain(i.alarmClass);
    const due = escalationStep(chain, n);
    if (!due) return;
    await this.k.transaction(async (tx) => {
      const told = new Set(await repo.bannerHolders(tx, i.orgId, BANNER_ROLES));
      const earlier = (await repo.timeline(tx, i.id)).flatMap((e) =>
        e.kind === 'escalated' && typeof e.data?.['step'] === 'string' ? [e.data['step']] : [],
      );
      for (const role of new Set(earlier))
        for (const u of await repo.usersWithRole(tx, i.schoolId, role)) told.add(u);
      const skipped: string[] = [];
      let step: { index: number; role: string; userIds: string[] } | null = null;
      for (let index = from; index < chain.steps.length; index++) {
        const role = chain.steps[index]!;
        const userIds = (await repo.usersWithRole(tx, i.schoolId, role)).filter((u) => !told.has(u));
        if (userIds.length) {
          step = { index, role, userIds };
          break;
        }
        skipped.push(role);
      }
      if (!step) return;
      const where = r.placeName ? `（${r.placeName}）` : '';
      await this.k.notify.notify(tx, {
        userIds: step.userIds,
        orgId: i.orgId,
        kind: 'incident.escalated',
        title: `${i.mode === 'real' ? '' : i.mode === 'drill' ? '【演练】' : '【测试】'}一键报警 ${due.dueAfterSeconds} 秒无人确认`,
        body: `${r.schoolName}${where}的报警尚未确认，请立即处置。`,
        link: `/incidents/${i.id}`,
        data: { incidentId: i.id, step: step.role, n },
      });
      await repo.addEvent(tx, {
        id: newId(),
        incidentId: i.id,
        at: this.k.clock.now(),
        actorId: null,
        actorName: GENERATED.system.zh,
        kind: 'escalated',
        note: null,
        data: { step: step.role, n, notified: step.userIds.length, skipped },
      });
      await appendEvent(tx, this.k.clock, {
        type: INCIDENT_EVENTS.updated,
        payload: { id: i.id, kind: 'escalated', status: i.status },
        orgId: i.orgId,
      });
      if (step.index + 1 < chain.steps.length) await this.scheduleEscalation(tx, i, n + 1, step.index + 1);
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
      accuracy?: number;
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
    const named = place?.schoolId === school.id ? place.id : null;
    // Without a place named (a QR code), the phone's fix is placed on the school's own outlines.
    const located =
      !named && input.lon !== undefined && input.lat !== undefined
        ? await locateInSchool(this.k.db, school.id, input.lon, input.lat)
        : null;
    const caller = await repo.callerOf(this.k.db, actor.userId!);
    return this.raise({
      schoolId: school.id,
      alarmClass: input.alarmClass ?? 'police',
      mode: 'real',
      source: 'sos',
      sourceRef: actor.userId!,
      idempotencyKey: input.idempotencyKey,
      placeId: named ?? located?.place.id ?? null,
      placeDistance: located ? located.distance : null,
      lon: input.lon ?? null,
      lat: input.lat ?? null,
      accuracy: input.accuracy ?? null,
      caller: caller ?? { name: actor.name, role: null, unit: null, phone: null },
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
    return { items: rows.map((r) => this.present(r, actor)) };
  }

  /** One incident with its timeline and plans: to those who may read alarms there, and to its sender. */
  async get(actor: Actor, id: string) {
    const r = await this.visible(actor, id, 'alarm.read');
    const [timeline, plans] = await Promise.all([repo.timeline(this.k.db, id), repo.plansOf(this.k.db, id)]);
    return {
      ...this.present(r, actor),
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
      // 处置完毕 keeps its note as 处置说明; 结案 its note as 结案说明 (where a false alarm keeps its reason).
      const note = input.note || undefined;
      const changed = await repo.updateAt(tx, id, r.incident.version, {
        status: result.status,
        ...result.set,
        ...(input.reason ? { closeReason: input.reason } : {}),
        ...(action === 'resolve' && note ? { resolveNote: note } : {}),
        ...(action === 'close' && note ? { closeReason: note } : {}),
        updatedAt: now,
      });
      if (!changed) throw alarmErrors.notAllowed({ reason: 'changed_meanwhile' });
      await this.record(tx, actor, r.incident, action, input.note ?? input.reason ?? null, {
        status: result.status,
      });
    });
    return this.get(actor, id);
  }

  /**
   * The caller's full callback number where it is shown masked (after the alarm, or to a reader
   * who does not handle it): only to those who handle alarms there, and every reveal is audited.
   */
  async revealCallerPhone(actor: Actor, id: string) {
    const r = await this.visible(actor, id, 'alarm.handle');
    await audit(this.k.db, this.k.clock, actor, {
      action: 'incident.reveal_caller_phone',
      targetType: 'incident',
      targetId: id,
      orgId: r.incident.orgId,
      sensitive: true,
    });
    return { phone: r.incident.callerPhone };
  }

  /** What the SOS page offers to call beside 110/119/120: the school's own security duty number. */
  async sosContacts(actor: Actor) {
    authorize(actor, 'alarm.sos');
    for (const m of actor.memberships) {
      const school = await schoolOf(this.k.db, m.orgId);
      if (school) {
        const c = await repo.schoolContact(this.k.db, school.id);
        return { schoolName: c?.name ?? school.name, dutyPhone: c?.dutyPhone ?? null };
      }
    }
    return { schoolName: null, dutyPhone: null };
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
