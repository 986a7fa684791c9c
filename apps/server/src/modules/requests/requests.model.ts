/**
 * The pure rules of requests and complaints answered on receipt (接诉即办): the loop from intake
 * to return visit, who takes which step, the Open311 status of each state, and the three rates
 * (响应率, 解决率, 满意率). No I/O. The starting model is ../shared/requests-states.md.
 */

export const REQUEST_STATUSES = [
  /** 受理: taken in, not yet routed */
  'received',
  /** 待分拨: the centre decides (a return from a unit lands here) */
  'triage',
  /** 已派单 */
  'dispatched',
  /** 已签收: the unit took it (首接负责: it is theirs now) */
  'accepted',
  /** 已联系: the reporter was contacted; the response clock stops */
  'contacted',
  /** 办理中 */
  'in_progress',
  /** 延期: an approved extension; the resolution deadline moved */
  'extended',
  /** 挂账: cannot be solved now (funds, season), with a plan; visible and counted */
  'parked',
  /** 已办结待审核 */
  'replied',
  /** 待回访 */
  'revisit',
  /** 重办: the reporter said it is not solved */
  'reopened',
  /** 已结案 (how: see CLOSE_KINDS) */
  'closed',
] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

export const CLOSE_KINDS = [
  /** solved, confirmed at the return visit (or the visit could not be made) */
  'solved',
  /** not solvable under current policy, explained to the reporter */
  'no_further_action',
  /** nothing the school's units can act on (returned by the centre as not ours) */
  'not_ours',
  /** merged into another request: its reporters follow that one */
  'duplicate',
  /** turned into an alarm incident (转警情) */
  'referred',
] as const;
export type CloseKind = (typeof CLOSE_KINDS)[number];

export const REQUEST_ACTIONS = [
  'dispatch',
  'answer_directly',
  'sign',
  'return',
  'transfer',
  'contact',
  'progress',
  'extend',
  'park',
  'resume',
  'reply',
  'audit_pass',
  'audit_fail',
  'visit',
  'close_no_action',
  'close_not_ours',
  'merge',
  'refer',
] as const;
export type RequestAction = (typeof REQUEST_ACTIONS)[number];

/**
 * Who takes a step: the grid centre (分拨中心), the unit the request is dispatched to, or the
 * reporter (who answers the return visit themselves from the phone).
 */
export type Side = 'centre' | 'unit' | 'reporter';

interface Rule {
  from: readonly RequestStatus[];
  to: RequestStatus;
  by: Side;
}

const OPEN_BEFORE_REPLY: readonly RequestStatus[] = [
  'received',
  'triage',
  'dispatched',
  'accepted',
  'contacted',
  'in_progress',
  'extended',
  'parked',
  'reopened',
];
const WORKING: readonly RequestStatus[] = ['contacted', 'in_progress', 'extended', 'reopened'];

/** The loop. `visit`'s target depends on the answer, so it is decided in `transition`. */
const RULES: Record<Exclude<RequestAction, 'visit'>, Rule> = {
  dispatch: { from: ['received', 'triage'], to: 'dispatched', by: 'centre' },
  answer_directly: { from: ['received', 'triage'], to: 'revisit', by: 'centre' },
  sign: { from: ['dispatched'], to: 'accepted', by: 'unit' },
  return: { from: ['dispatched', 'accepted'], to: 'triage', by: 'unit' },
  transfer: {
    from: ['dispatched', 'accepted', 'contacted', 'in_progress', 'extended', 'parked', 'reopened'],
    to: 'dispatched',
    by: 'centre',
  },
  contact: { from: ['accepted', 'reopened'], to: 'contacted', by: 'unit' },
  progress: { from: ['contacted', 'reopened'], to: 'in_progress', by: 'unit' },
  extend: { from: ['contacted', 'in_progress', 'extended', 'reopened'], to: 'extended', by: 'centre' },
  park: { from: WORKING, to: 'parked', by: 'centre' },
  resume: { from: ['parked'], to: 'in_progress', by: 'unit' },
  reply: { from: WORKING, to: 'replied', by: 'unit' },
  audit_pass: { from: ['replied'], to: 'revisit', by: 'centre' },
  audit_fail: { from: ['replied'], to: 'in_progress', by: 'centre' },
  close_no_action: { from: [...OPEN_BEFORE_REPLY, 'replied', 'revisit'], to: 'closed', by: 'centre' },
  close_not_ours: { from: ['received', 'triage'], to: 'closed', by: 'centre' },
  merge: { from: [...OPEN_BEFORE_REPLY, 'replied'], to: 'closed', by: 'centre' },
  refer: { from: [...OPEN_BEFORE_REPLY, 'replied'], to: 'closed', by: 'centre' },
};

const CLOSES: Partial<Record<RequestAction, CloseKind>> = {
  close_no_action: 'no_further_action',
  close_not_ours: 'not_ours',
  merge: 'duplicate',
  refer: 'referred',
};

/** Actions that must say why (退单, 转办, 延期, 挂账, 审核不通过, 不予办理, 不属本单位). */
export const NEEDS_REASON: ReadonlySet<RequestAction> = new Set([
  'return',
  'transfer',
  'extend',
  'park',
  'audit_fail',
  'close_no_action',
  'close_not_ours',
]);

export const isOpenRequest = (s: RequestStatus) => s !== 'closed';

/** The return visit's answers (回访): the raw input of the three rates. */
export interface VisitAnswer {
  /** 是否联系: did anyone contact the reporter? */
  contacted: boolean;
  /** 是否解决 */
  solved: boolean;
  /** 1–5; 4 and 5 count as satisfied */
  satisfaction: number;
}

export type RequestTransition =
  | { ok: true; status: RequestStatus; closeKind: CloseKind | null; by: Side }
  | { ok: false; reason: 'wrong_status' | 'wrong_side' | 'reason_required' | 'answer_required' };

/** Apply one step of the loop for one side, or say why not. */
export function requestTransition(
  status: RequestStatus,
  action: RequestAction,
  side: Side,
  input: { reason?: string | undefined; visit?: VisitAnswer | undefined } = {},
): RequestTransition {
  if (action === 'visit') {
    if (status !== 'revisit') return { ok: false, reason: 'wrong_status' };
    if (side === 'unit') return { ok: false, reason: 'wrong_side' };
    if (!input.visit) return { ok: false, reason: 'answer_required' };
    return input.visit.solved
      ? { ok: true, status: 'closed', closeKind: 'solved', by: side }
      : { ok: true, status: 'reopened', closeKind: null, by: side };
  }
  const rule = RULES[action];
  if (!rule.from.includes(status)) return { ok: false, reason: 'wrong_status' };
  if (rule.by !== side) return { ok: false, reason: 'wrong_side' };
  if (NEEDS_REASON.has(action) && !input.reason?.trim()) return { ok: false, reason: 'reason_required' };
  return { ok: true, status: rule.to, closeKind: CLOSES[action] ?? null, by: rule.by };
}

/** Open311 GeoReport v2 `status` and mySociety's extended status of a request. */
export function open311Status(
  status: RequestStatus,
  closeKind: CloseKind | null,
): { status: 'open' | 'closed'; extended: string } {
  switch (status) {
    case 'received':
    case 'triage':
      return { status: 'open', extended: 'for_triage' };
    case 'dispatched':
    case 'accepted':
      return { status: 'open', extended: 'open' };
    case 'contacted':
    case 'in_progress':
    case 'replied':
    case 'revisit':
      return { status: 'open', extended: 'in_progress' };
    case 'extended':
    case 'parked':
      return { status: 'open', extended: 'action_scheduled' };
    case 'reopened':
      return { status: 'open', extended: 'reopen' };
    case 'closed':
      return {
        status: 'closed',
        extended: {
          solved: 'fixed',
          no_further_action: 'no_further_action',
          not_ours: 'not_councils_responsibility',
          duplicate: 'duplicate',
          referred: 'internal_referral',
        }[closeKind ?? 'solved'],
      };
  }
}

/**
 * Counts behind the three rates of a unit, grid or period. A request still open past its
 * deadline counts against the unit, and so does one replied to late: closing late hides nothing.
 */
export interface RateCounts {
  /** requests whose response deadline has passed or that were responded to (due a response) */
  dueResponse: number;
  /**
   * of those, contacted within the response deadline; a request still open past its resolution
   * deadline counts against the response too (contacting and then doing nothing is no response)
   */
  respondedInTime: number;
  /** requests due a resolution: evaluated at a return visit, or past their resolution deadline */
  dueResolution: number;
  /** of those, the reporter said solved and the reply came within the deadline */
  solved: number;
  /** return visits made (evaluated) */
  evaluated: number;
  /** of those, satisfied (4 or 5 of 5) */
  satisfied: number;
  /** open past the resolution deadline, or replied after it */
  overdue: number;
}

/** Weights of the composite score; they need not sum to 1 (they are normalised). */
export interface RateWeights {
  response: number;
  resolution: number;
  satisfaction: number;
}
/** Jungar Banner's published weights (30/35/35); every region sets its own. */
export const DEFAULT_RATE_WEIGHTS: RateWeights = { response: 30, resolution: 35, satisfaction: 35 };

const ratio = (n: number, d: number) => (d === 0 ? null : n / d);

/**
 * 响应率, 解决率, 满意率 (0–1, or null where nothing was due) and the composite score on a
 * 100-point scale over what fell due: a rate with nothing due leaves the score on the others, but
 * the score needs something to judge, a resolution due or a response missed. Requests still
 * within their deadlines and answered in time so far leave it null (无数据), never 100.
 */
export function threeRates(c: RateCounts, w: RateWeights = DEFAULT_RATE_WEIGHTS) {
  const response = ratio(c.respondedInTime, c.dueResponse);
  const resolution = ratio(c.solved, c.dueResolution);
  const satisfaction = ratio(c.satisfied, c.evaluated);
  const parts = [
    [response, w.response],
    [resolution, w.resolution],
    [satisfaction, w.satisfaction],
  ] as const;
  const weight = parts.reduce((sum, [r, wt]) => (r === null ? sum : sum + wt), 0);
  const fellDue = c.dueResolution > 0 || c.evaluated > 0 || c.dueResponse > c.respondedInTime;
  const score =
    weight === 0 || !fellDue
      ? null
      : (100 * parts.reduce((sum, [r, wt]) => (r === null ? sum : sum + r * wt), 0)) / weight;
  return { response, resolution, satisfaction, score };
}

/** The escalation ladder on a clock: 催办 before the deadline, 督办 after it, 通报 later still. */
export const LADDER = ['urge', 'supervise', 'notice'] as const;
export type LadderStep = (typeof LADDER)[number];

/**
 * The ladder step due at `now` for a deadline, given when each step falls due (computed by the
 * caller on the working calendar): the highest step whose time has come, or null.
 */
export function ladderStepAt(now: Date, due: Record<LadderStep, Date>): LadderStep | null {
  let step: LadderStep | null = null;
  for (const s of LADDER) if (now.getTime() >= due[s].getTime()) step = s;
  return step;
}
