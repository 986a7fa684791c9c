import { authorize, pathInScope, type Actor } from '../../kernel/access/index.js';
import { audit, type AuditActionIn } from '../../kernel/audit/audit.js';
import { chinaDateTime } from '../../kernel/clock.js';
import type { Executor } from '../../kernel/db.js';
import { errors } from '../../kernel/errors.js';
import { appendEvent } from '../../kernel/events/index.js';
import { newId } from '../../kernel/ids.js';
import type { Kernel } from '../../kernel/kernel.js';
import { findOrgById } from '../orgs/index.js';
import { placesByIds } from '../places/index.js';
import { alarmErrors } from './alarms.errors.js';
import { INCIDENT_EVENTS } from './alarms.events.js';
import type { AlarmClass } from './alarms.model.js';
import { alarmNotice } from './alarms.notify.js';
import { PLAN_TEMPLATES, type PlanType } from './alarms.plans.js';
import type { AlarmsService } from './alarms.service.js';
import type { DRILL_KINDS } from './alarms.tables.js';
import * as repo from './drills.repository.js';

/** The evacuation target for buildings of 4 floors or fewer (《中小学幼儿园应急疏散演练指南》). */
export const LOW_BUILDING_TARGET_SECONDS = 120;
const LOW_BUILDING_FLOORS = 4;

const since = (from: Date | null, at: Date | null) =>
  from && at ? Math.max(0, Math.round((at.getTime() - from.getTime()) / 1000)) : null;

/**
 * Drills and device tests planned ahead (演练, 设备测试): reported to the police station when
 * scheduled (报备), run through the alarm path marked as drill or test, and kept with their
 * timings as evidence.
 */
export class DrillsService {
  constructor(
    private readonly k: Kernel,
    private readonly alarms: AlarmsService,
  ) {}

  present(r: repo.DrillListItem) {
    const d = r.drill;
    const i = r.incident;
    return {
      id: d.id,
      schoolId: d.schoolId,
      schoolName: r.schoolName,
      kind: d.kind,
      title: d.title,
      planType: d.planType as PlanType | null,
      alarmClass: d.alarmClass,
      placeId: d.placeId,
      placeName: r.placeName,
      deviceId: d.deviceId,
      deviceName: r.deviceName,
      scheduledAt: d.scheduledAt,
      status: d.status,
      reportedAt: d.reportedAt,
      reportedTo: d.reportedTo,
      policeAckAt: d.policeAckAt,
      policeAckByName: d.policeAckByName,
      incidentId: d.incidentId,
      incidentStatus: i?.status ?? null,
      startedAt: d.startedAt,
      finishedAt: d.finishedAt,
      targetSeconds: d.targetSeconds,
      evacuationSeconds: d.evacuationSeconds,
      result:
        d.evacuationSeconds === null || d.targetSeconds === null
          ? null
          : d.evacuationSeconds <= d.targetSeconds
            ? ('met' as const)
            : ('missed' as const),
      participants: d.participants,
      summary: d.summary,
      cancelReason: d.cancelReason,
      createdByName: d.createdByName,
      timings: {
        acknowledge: since(i?.raisedAt ?? null, i?.acknowledgedAt ?? null),
        policeAccept: since(i?.raisedAt ?? null, i?.policeAcceptedAt ?? null),
        onScene: since(i?.raisedAt ?? null, i?.onSceneAt ?? null),
        policeOnScene: since(i?.raisedAt ?? null, i?.policeOnSceneAt ?? null),
      },
    };
  }

  async list(actor: Actor, f: { schoolId?: string | undefined; from?: Date; to?: Date }) {
    const scope = authorize(actor, 'alarm.read');
    return {
      items: (await repo.listDrills(this.k.db, scope, { ...f, limit: 500 })).map((r) => this.present(r)),
    };
  }

  async get(actor: Actor, id: string) {
    const r = await repo.findDrillInScope(this.k.db, authorize(actor, 'alarm.read'), id);
    if (!r) throw errors.notFound({ id });
    return this.present(r);
  }

  /**
   * Schedule a drill or device test. The police officers of the school's station are told at once
   * (报备), so a drill alarm is never taken for a real one and a test press is expected.
   */
  async schedule(
    actor: Actor,
    input: {
      schoolId: string;
      kind: (typeof DRILL_KINDS)[number];
      title: string;
      planType?: PlanType | undefined;
      alarmClass: AlarmClass;
      placeId?: string | undefined;
      deviceId?: string | undefined;
      scheduledAt: Date;
      targetSeconds?: number | undefined;
    },
  ) {
    const scope = authorize(actor, 'alarm.drill');
    const school = await findOrgById(this.k.db, input.schoolId);
    if (!school || school.kind !== 'school' || !pathInScope(scope, school.path))
      throw errors.notFound({ schoolId: input.schoolId });
    const now = this.k.clock.now();
    if (input.scheduledAt.getTime() <= now.getTime()) throw alarmErrors.drillInPast();
    if (input.placeId) {
      const [place] = await placesByIds(this.k.db, [input.placeId]);
      if (!place || place.schoolId !== school.id) throw errors.notFound({ placeId: input.placeId });
    }
    let alarmClass = input.alarmClass;
    if (input.kind === 'device_test') {
      if (!input.deviceId) throw errors.validation({ deviceId: 'required for a device test' });
      const device = await this.alarms.deviceInSchool(school.id, input.deviceId);
      if (!device) throw errors.notFound({ deviceId: input.deviceId });
      alarmClass = device.alarmClass;
    }
    const targetSeconds =
      input.kind === 'drill' ? await this.target(input.placeId, input.targetSeconds) : null;
    const id = newId();
    await this.k.transaction(async (tx) => {
      const officers = await repo.jurisdictionOfficers(tx, school.id);
      await repo.insertDrill(tx, {
        id,
        orgId: school.id,
        schoolId: school.id,
        kind: input.kind,
        title: input.title,
        planType: input.planType ?? null,
        alarmClass,
        placeId: input.placeId ?? null,
        deviceId: input.kind === 'device_test' ? (input.deviceId ?? null) : null,
        scheduledAt: input.scheduledAt,
        targetSeconds,
        status: 'scheduled',
        reportedAt: now,
        reportedTo: officers.length,
        createdBy: actor.userId,
        createdByName: actor.name,
        createdAt: now,
        updatedAt: now,
      });
      const what = input.kind === 'drill' ? '演练' : '报警设备测试';
      await this.k.notify.notify(
        tx,
        alarmNotice(
          'drill.reported',
          { type: 'drill', id },
          {
            userIds: officers,
            orgId: school.id,
            title: `【报备】${school.name}${what}：${input.title}`,
            body: `计划时间 ${chinaDateTime(input.scheduledAt)}。届时的报警将标记为${input.kind === 'drill' ? '演练' : '测试'}，请勿按真实警情出警。`,
            link: `/drills?open=${id}`,
            data: { drillId: id },
          },
        ),
      );
      await this.changed(tx, actor, id, school.id, 'scheduled', 'scheduled', {
        title: input.title,
        scheduledAt: input.scheduledAt.toISOString(),
        reportedTo: officers.length,
      });
    });
    return this.get(actor, id);
  }

  /** The default target: 2 minutes for a building of 4 floors or fewer; otherwise the school sets it. */
  private async target(placeId: string | undefined, given: number | undefined) {
    if (given !== undefined) return given;
    const floors = placeId ? await repo.buildingFloors(this.k.db, placeId) : null;
    if (floors !== null && floors <= LOW_BUILDING_FLOORS) return LOW_BUILDING_TARGET_SECONDS;
    throw alarmErrors.drillTargetRequired({ floors });
  }

  /** The police station has seen the report (已知悉). */
  async acknowledge(actor: Actor, id: string) {
    const r = await repo.findDrillInScope(this.k.db, authorize(actor, 'alarm.police'), id);
    if (!r) throw errors.notFound({ id });
    if (r.drill.policeAckAt || r.drill.status === 'cancelled') throw alarmErrors.drillState();
    await this.k.transaction(async (tx) => {
      const now = this.k.clock.now();
      await repo.updateDrillFrom(tx, id, ['scheduled', 'running', 'done'], {
        policeAckAt: now,
        policeAckBy: actor.userId,
        policeAckByName: actor.name,
        updatedAt: now,
      });
      await this.changed(tx, actor, id, r.drill.orgId, 'police_ack', r.drill.status, {});
    });
    return this.get(actor, id);
  }

  /**
   * Start it: the alarm goes through the same path as a real one, marked as a drill (or a test of
   * the device), and the plan rehearsed is opened on its incident. Starting twice is one alarm.
   */
  async start(actor: Actor, id: string) {
    const r = await repo.findDrillInScope(this.k.db, authorize(actor, 'alarm.drill'), id);
    if (!r) throw errors.notFound({ id });
    const d = r.drill;
    if (d.status !== 'scheduled' && d.status !== 'running') throw alarmErrors.drillState();
    const key = `drill-${d.id}`;
    let raised: { id: string };
    if (d.kind === 'device_test') {
      const device = d.deviceId ? await this.alarms.deviceInSchool(d.schoolId, d.deviceId) : undefined;
      if (!device) throw errors.notFound({ deviceId: d.deviceId });
      raised = await this.alarms.raiseDeviceTest(device, key, `计划测试：${d.title}`);
    } else {
      raised = await this.alarms.raise({
        schoolId: d.schoolId,
        orgId: d.orgId,
        alarmClass: d.alarmClass,
        mode: 'drill',
        source: 'manual',
        sourceRef: `drill:${d.id}`,
        idempotencyKey: key,
        placeId: d.placeId,
        note: `演练：${d.title}`,
        raisedBy: actor.userId,
        actorName: actor.name,
      });
    }
    const now = this.k.clock.now();
    const started = await this.k.transaction(async (tx) => {
      const ok = await repo.updateDrillFrom(tx, id, ['scheduled'], {
        status: 'running',
        incidentId: raised.id,
        startedAt: now,
        updatedAt: now,
      });
      if (ok) await this.changed(tx, actor, id, d.orgId, 'started', 'running', { incidentId: raised.id });
      return ok;
    });
    const type = d.planType as PlanType | null;
    if (started && type && PLAN_TEMPLATES.some((t) => t.type === type))
      await this.alarms.openPlan(actor, raised.id, type);
    return this.get(actor, id);
  }

  /** Finish it with its evidence: evacuation time, participants, evaluation. Its alarm is closed. */
  async finish(
    actor: Actor,
    id: string,
    input: {
      evacuationSeconds?: number | undefined;
      participants?: number | undefined;
      summary?: string | undefined;
    },
  ) {
    const r = await repo.findDrillInScope(this.k.db, authorize(actor, 'alarm.drill'), id);
    if (!r) throw errors.notFound({ id });
    if (r.drill.status !== 'running') throw alarmErrors.drillState();
    await this.k.transaction(async (tx) => {
      const now = this.k.clock.now();
      const ok = await repo.updateDrillFrom(tx, id, ['running'], {
        status: 'done',
        finishedAt: now,
        evacuationSeconds: input.evacuationSeconds ?? null,
        participants: input.participants ?? null,
        summary: input.summary ?? null,
        updatedAt: now,
      });
      if (!ok) throw alarmErrors.drillState();
      if (r.drill.incidentId)
        await this.alarms.closeExercise(
          tx,
          actor,
          r.drill.incidentId,
          `${r.drill.kind === 'drill' ? '演练' : '测试'}结束`,
        );
      await this.changed(tx, actor, id, r.drill.orgId, 'finished', 'done', {
        evacuationSeconds: input.evacuationSeconds ?? null,
        participants: input.participants ?? null,
      });
    });
    return this.get(actor, id);
  }

  /** Call it off before it starts; the police are told, as they were told it was coming. */
  async cancel(actor: Actor, id: string, reason: string) {
    const r = await repo.findDrillInScope(this.k.db, authorize(actor, 'alarm.drill'), id);
    if (!r) throw errors.notFound({ id });
    await this.k.transaction(async (tx) => {
      const now = this.k.clock.now();
      const ok = await repo.updateDrillFrom(tx, id, ['scheduled'], {
        status: 'cancelled',
        cancelReason: reason,
        updatedAt: now,
      });
      if (!ok) throw alarmErrors.drillState();
      await this.k.notify.notify(
        tx,
        alarmNotice(
          'drill.cancelled',
          { type: 'drill', id },
          {
            userIds: await repo.jurisdictionOfficers(tx, r.drill.schoolId),
            orgId: r.drill.orgId,
            title: `【取消报备】${r.schoolName}：${r.drill.title}`,
            body: `原定 ${chinaDateTime(r.drill.scheduledAt)} 的${r.drill.kind === 'drill' ? '演练' : '设备测试'}已取消：${reason}`,
            link: `/drills?open=${id}`,
            data: { drillId: id },
          },
        ),
      );
      await this.changed(tx, actor, id, r.drill.orgId, 'cancelled', 'cancelled', { reason });
    });
    return this.get(actor, id);
  }

  private async changed(
    tx: Executor,
    actor: Actor,
    id: string,
    orgId: string,
    action: AuditActionIn<'drill'>,
    status: string,
    details: Record<string, unknown>,
  ) {
    await appendEvent(tx, this.k.clock, {
      type: INCIDENT_EVENTS.drillChanged,
      payload: { id, action, status },
      orgId,
      actorId: actor.userId,
    });
    await audit(tx, this.k.clock, actor, {
      action: `drill.${action}`,
      targetType: 'alarm_drill',
      targetId: id,
      orgId,
      details,
    });
  }
}
