export { taskTemplates, taskSchedules, taskInstances } from './tasks.tables.js';
export { TasksService, GENERATE_JOB, OVERDUE_JOB, TASK_EVENTS } from './tasks.service.js';
export { CHECKLIST_LIBRARY, RISK_DOMAINS } from './tasks.library.js';
