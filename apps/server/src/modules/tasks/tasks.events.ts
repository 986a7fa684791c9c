export const TASK_EVENTS = {
  /** a checklist was sent in */
  completed: 'task.completed',
  /** a task instance ran past its due time and was escalated */
  overdue: 'task.overdue',
} as const;
