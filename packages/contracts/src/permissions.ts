/**
 * The central permission list. Every use case asks for exactly one of these; a role grants a set
 * of them over the subtree of the organisation where the role is held, and some of them also over
 * the schools linked to that organisation (a police station's jurisdiction, a bureau's supervision).
 * Modules add their permissions here, in one place, so the matrix test sees them all and the web
 * apps name the same ones.
 */
export const PERMISSIONS = [
  'org.read',
  'org.manage',
  'user.read',
  'user.manage',
  'audit.read',
  'file.upload',
  'file.read',
  'place.read',
  'place.manage',
  'people.read',
  'people.manage',
  /** reveal a national ID in full (each reveal is audited) */
  'people.sensitive',
  'grid.read',
  'grid.manage',
  /** see grid leaders' and members' phone numbers unmasked */
  'grid.contacts',
  /** see alarms and incidents (the security room, the grid centre, the police of the jurisdiction) */
  'alarm.read',
  /** enter an alarm by hand (an operator, a guard) */
  'alarm.raise',
  /** press SOS on the phone: everyone signed in */
  'alarm.sos',
  /** acknowledge, dispatch, mark on scene, resolve, close an incident */
  'alarm.handle',
  /** the police side of the loop: accept, police on scene */
  'alarm.police',
  /** register alarm devices and their secrets */
  'alarm.devices',
  /** schedule, run and record drills and device tests (reported to the police beforehand) */
  'alarm.drill',
  /** file a request or complaint, follow it, talk with the handler and rate the answer (everyone) */
  'request.file',
  /** read requests and their figures (the grid centre, the school, supervisors of linked schools) */
  'request.read',
  /** the unit's side of a request dispatched to it: sign, contact, progress, reply (its own unit or grid) */
  'request.handle',
  /** the centre's side (分拨中心): hotline entry, dispatch, transfer, audit, return visit, merge, close */
  'request.dispatch',
  /** read who filed a sealed request (only the grid centre; every read is audited) */
  'request.sealed',
  /** the catalogue: categories, routing rules, deadlines, working calendar, Open311 keys */
  'request.catalogue',
  /** see grid tasks, their checklists and results (the centre, the school; a grid holder their grid) */
  'task.read',
  /** do a grid task: fill its checklist on the phone (a grid's leader and members) */
  'task.do',
  /** task templates, checklists and schedules */
  'task.manage',
  /** see hazards, their timelines, the ledger and the monthly reports */
  'hazard.read',
  /** report a hazard (every member of staff; the police of the jurisdiction) */
  'hazard.report',
  /** the responsible unit's side: 五定, progress with photos, asking for verification */
  'hazard.rectify',
  /** the security office's side: grade and assign, notices, 复查验收, settings, the monthly report */
  'hazard.verify',
  /** see the CAP feeds a school subscribes to and the alerts they brought (the office) */
  'cap.read',
  /** subscribe to and unsubscribe from CAP feeds (e.g. the meteorological service's warnings) */
  'cap.subscribe',
  /** 发送记录: every message sent to the people of one's organisations, its failover path, retry */
  'notify.records',
  /** the providers' SMS and voice templates (the platform's administrators) */
  'notify.templates',
  /** see warnings (预警) sent from one's organisation, their recipients and the summary by unit */
  'warning.read',
  /** write and send a warning to an audience (approval needed beyond one's own organisation) */
  'warning.send',
  /** approve or reject a warning another person submitted for an audience beyond their organisation */
  'warning.approve',
] as const;
export type Permission = (typeof PERMISSIONS)[number];
