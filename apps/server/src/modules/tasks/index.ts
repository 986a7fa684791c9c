export { taskTemplates, taskSchedules, taskInstances, type StoredAnswer } from './tasks.tables.js';
export { TasksService, GENERATE_JOB, OVERDUE_JOB, TASK_EVENTS, type HazardsOfTask } from './tasks.service.js';
export { tasksRoutes } from './tasks.routes.js';
export { CHECKLIST_LIBRARY, RISK_DOMAINS, type RiskDomain } from './tasks.library.js';
