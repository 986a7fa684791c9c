/**
 * The pure rules of hazard rectification (隐患排查整改): grades, the 整改 loop from finding to
 * 销号, who may take each step (a verifier is never the rectifier), deadlines by grade, and when a
 * hazard is flagged for supervision (挂牌督办). No I/O. Anchors: ../shared/specs/inspection-anchors.md
 * §4.4 and the finding/rectification model there.
 */

/** 一般 / 较大 / 重大 */
export const HAZARD_GRADES = ['general', 'serious', 'major'] as const;
export type HazardGrade = (typeof HAZARD_GRADES)[number];

/** Where a finding came from. */
export const HAZARD_ORIGINS = [
  /** a failed checklist item */
  'inspection',
  /** found on a walk, entered by hand */
  'adhoc',
  /** a camera analytics alert */
  'video',
  /** a guard's or a video patrol */
  'patrol',
  /** 随手拍: anyone, from a QR code, without an account */
  'public',
  /** the police's own inspection */
  'police',
] as const;
export type HazardOrigin = (typeof HAZARD_ORIGINS)[number];

export const HAZARD_STATUSES = [
  /** 待整改: found and assigned, the unit has not yet filled the 五定 */
  'open',
  /** 整改中: the 五定 are set; the unit works and reports progress */
  'rectifying',
  /** 待验收: the unit says it is done, with "after" evidence */
  'submitted',
  /** 已销号: a verifier checked and signed */
  'closed',
] as const;
export type HazardStatus = (typeof HAZARD_STATUSES)[number];

export const HAZARD_ACTIONS = [
  /** the unit fills the 五定 (person, measures, funds, deadline, interim plan) */
  'plan',
  /** a progress report with photos (stays 整改中) */
  'progress',
  /** done: asks for verification (复查/验收) */
  'submit',
  /** verification passed: 已销号 */
  'pass',
  /** verification failed: 退回, back to 整改中 */
  'reject',
] as const;
export type HazardAction = (typeof HAZARD_ACTIONS)[number];

/** 五定: who, what, with what money, by when, and what stands in the meantime. */
export interface FiveFixes {
  /** the person responsible (定人) */
  person: string;
  /** measures (定措施) */
  measures: string;
  /** funds in yuan (定资金); 0 when none are needed */
  funds: number;
  /** the unit's own deadline (定时限), not later than the hazard's */
  deadline: Date;
  /** interim controls while it waits (定预案): warning signs, a cordon… */
  interim: string;
}

export type HazardStep =
  | { ok: true; status: HazardStatus }
  | {
      ok: false;
      reason:
        | 'wrong_status'
        | 'plan_required'
        | 'interim_required'
        | 'deadline_too_late'
        | 'evidence_required'
        | 'reason_required'
        | 'verifier_is_rectifier';
    };

const FROM: Record<HazardAction, readonly HazardStatus[]> = {
  plan: ['open'],
  progress: ['rectifying'],
  submit: ['rectifying'],
  pass: ['submitted'],
  reject: ['submitted'],
};
const TO: Record<HazardAction, HazardStatus> = {
  plan: 'rectifying',
  progress: 'rectifying',
  submit: 'submitted',
  pass: 'closed',
  reject: 'rectifying',
};

/**
 * One step of the loop, or why not. `rectifiers` are the people who planned, reported or submitted
 * the work: none of them may verify it (验收人签字认可, and not one's own work).
 */
export function hazardStep(
  h: { status: HazardStatus; grade: HazardGrade; deadline: Date; rectifiers: readonly string[] },
  action: HazardAction,
  input: {
    actorId: string;
    plan?: FiveFixes | undefined;
    photos?: number | undefined;
    reason?: string | undefined;
  },
): HazardStep {
  if (!FROM[action].includes(h.status)) return { ok: false, reason: 'wrong_status' };
  switch (action) {
    case 'plan': {
      const p = input.plan;
      if (!p || !p.person.trim() || !p.measures.trim() || !(p.funds >= 0))
        return { ok: false, reason: 'plan_required' };
      // A major hazard that cannot be removed at once must be cordoned or signposted meanwhile.
      if (h.grade === 'major' && !p.interim.trim()) return { ok: false, reason: 'interim_required' };
      if (p.deadline.getTime() > h.deadline.getTime()) return { ok: false, reason: 'deadline_too_late' };
      break;
    }
    case 'progress':
    case 'submit':
      if (!input.photos) return { ok: false, reason: 'evidence_required' };
      break;
    case 'pass':
    case 'reject':
      if (h.rectifiers.includes(input.actorId)) return { ok: false, reason: 'verifier_is_rectifier' };
      if (action === 'reject' && !input.reason?.trim()) return { ok: false, reason: 'reason_required' };
      break;
  }
  return { ok: true, status: TO[action] };
}

/** How long a grade may take, in calendar days (configurable per school; these are the defaults). */
export interface GradeDeadlines {
  general: number;
  serious: number;
  major: number;
}
/** 一般 a week, 较大 three days, 重大 one day to put controls in place and start (立即整改). */
export const DEFAULT_GRADE_DEADLINES: GradeDeadlines = { general: 7, serious: 3, major: 1 };

/** The rectification deadline of a hazard found at `foundAt`: the end of the last day, China time. */
export function hazardDeadline(
  grade: HazardGrade,
  foundAt: Date,
  days: GradeDeadlines = DEFAULT_GRADE_DEADLINES,
) {
  const CHINA = 8 * 3_600_000;
  const DAY = 86_400_000;
  const localMidnight = Math.floor((foundAt.getTime() + CHINA) / DAY) * DAY - CHINA;
  return new Date(localMidnight + (days[grade] + 1) * DAY - 1000);
}

/** 挂牌督办: every major hazard, and any hazard overdue by more than `graceDays`, until closed. */
export function flaggedForSupervision(
  h: { grade: HazardGrade; status: HazardStatus; deadline: Date },
  now: Date,
  graceDays = 3,
): boolean {
  if (h.status === 'closed') return false;
  return h.grade === 'major' || now.getTime() > h.deadline.getTime() + graceDays * 86_400_000;
}

/** Late: still not closed past its deadline (a hazard closed late was late: see `closedLate`). */
export const isOverdue = (h: { status: HazardStatus; deadline: Date }, now: Date) =>
  h.status !== 'closed' && now.getTime() > h.deadline.getTime();

export const closedLate = (h: { closedAt: Date | null; deadline: Date }) =>
  h.closedAt !== null && h.closedAt.getTime() > h.deadline.getTime();
