import type { paths } from '@anxiao/api-client';
import { valuesOf, type Schemas, type JsonBody, type QueryOf } from '../../lib/apiTypes';

/** A request or complaint (诉求); the Open311 name, as `Request` is the browser's. */
export type ServiceRequest = Schemas['Request'];
export type RequestDetail = Schemas['RequestDetail'];
export type RequestEvent = Schemas['RequestEvent'];
export type QueueItem = Schemas['RequestQueueItem'];
export type RateRow = Schemas['RequestRateRow'];
export type RequestCategory = Schemas['RequestCategory'];
export type RequestRoute = Schemas['RequestRoute'];
export type RequestSettings = Schemas['RequestSettings'];
export type Filed = Schemas['RequestFiled'];
export type CategoryAttribute = RequestCategory['attributes'][number];
export type DeadlinePolicy = RequestCategory['policy'];
export type Duration = DeadlinePolicy['respond'];
export type DurationUnit = Duration['unit'];
export type WorkCalendar = RequestSettings['calendar'];
export type Weights = RequestSettings['weights'];
export type Unit = NonNullable<ServiceRequest['unit']>;

export type RequestStatus = ServiceRequest['status'];
export type CloseKind = NonNullable<ServiceRequest['closeKind']>;
export type Channel = ServiceRequest['channel'];
export type Identity = ServiceRequest['reporter']['identity'];
export type Priority = ServiceRequest['priority'];
export type Todo = QueueItem['todo'];
export type AttributeType = CategoryAttribute['datatype'];

export type ActionInput = JsonBody<paths['/api/requests/{id}/actions']['post']['requestBody']>;
export type RequestAction = ActionInput['action'];
export type AlarmClass = NonNullable<ActionInput['alarmClass']>;
export type HotlineInput = JsonBody<paths['/api/requests/hotline']['post']['requestBody']>;
export type CategoryInput = JsonBody<paths['/api/request-categories']['post']['requestBody']>;
export type CategoryUpdate = JsonBody<paths['/api/request-categories/{id}']['put']['requestBody']>;
export type RouteInput = JsonBody<paths['/api/schools/{schoolId}/request-routes']['post']['requestBody']>;
export type SettingsInput = JsonBody<paths['/api/schools/{schoolId}/request-settings']['put']['requestBody']>;
export type Open311Client = JsonBody<
  paths['/api/schools/{schoolId}/open311-clients']['get']['responses'][200]
>['items'][number];

export type ListQuery = QueryOf<paths['/api/requests']['get']>;
/** The ledger's filters: the list query without the paging. */
export type RequestFilters = Omit<ListQuery, 'page' | 'pageSize'>;
export type RatesQuery = QueryOf<paths['/api/request-rates']['get']>;
export type RatesGroup = NonNullable<RatesQuery['groupBy']>;
export type Rates = JsonBody<paths['/api/request-rates']['get']['responses'][200]>;

export const REQUEST_STATUSES = valuesOf<RequestStatus>({
  received: true,
  triage: true,
  dispatched: true,
  accepted: true,
  contacted: true,
  in_progress: true,
  extended: true,
  parked: true,
  replied: true,
  revisit: true,
  reopened: true,
  closed: true,
});
export const CLOSE_KINDS = valuesOf<CloseKind>({
  solved: true,
  no_further_action: true,
  not_ours: true,
  duplicate: true,
  referred: true,
});
export const CHANNELS = valuesOf<Channel>({
  phone: true,
  qr: true,
  hotline: true,
  dorm: true,
  open311: true,
  console: true,
});
export const IDENTITIES = valuesOf<Identity>({ named: true, sealed: true, anonymous: true });
export const PRIORITIES = valuesOf<Priority>({ normal: true, urgent: true });
export const TODOS = valuesOf<Todo>({
  dispatch: true,
  sign: true,
  contact: true,
  reply: true,
  resume: true,
  audit: true,
  visit: true,
  supervised: true,
  rate: true,
});
/** The steps in the order the loop takes them: the buttons of a request follow it. */
export const REQUEST_ACTIONS = valuesOf<RequestAction>({
  dispatch: true,
  answer_directly: true,
  sign: true,
  contact: true,
  progress: true,
  reply: true,
  resume: true,
  audit_pass: true,
  audit_fail: true,
  visit: true,
  extend: true,
  park: true,
  return: true,
  transfer: true,
  merge: true,
  refer: true,
  close_not_ours: true,
  close_no_action: true,
});
export const DURATION_UNITS = valuesOf<DurationUnit>({
  calendar_minutes: true,
  calendar_hours: true,
  calendar_days: true,
  working_hours: true,
  working_days: true,
});
export const ATTRIBUTE_TYPES = valuesOf<AttributeType>({
  string: true,
  number: true,
  datetime: true,
  text: true,
  singlevaluelist: true,
  multivaluelist: true,
});
export const ALARM_CLASSES = valuesOf<AlarmClass>({
  police: true,
  staff_assist: true,
  medical: true,
  fire: true,
});
export const RATE_GROUPS = valuesOf<RatesGroup>({
  unit: true,
  grid: true,
  month: true,
  category: true,
  school: true,
});

export const isOpenStatus = (s: RequestStatus) => s !== 'closed';
/** A list-type attribute offers values to choose from. */
export const isListType = (t: AttributeType) => t === 'singlevaluelist' || t === 'multivaluelist';
