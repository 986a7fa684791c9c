import { describe, expect, it } from 'vitest';
import { phoneTarget } from './useInbox';

const ID = '01a22b24-f07f-727e-8f29-df451825b4ca';

describe('where a notification opens on the phone', () => {
  it('follows the phone’s own links, alarms to 警情, tasks to their checklist', () => {
    expect(phoneTarget(`/m/#/requests/${ID}`)).toEqual({ hash: `#/requests/${ID}` });
    expect(phoneTarget(`/incidents/${ID}`)).toEqual({ name: 'alarms' });
    expect(phoneTarget(`/tasks/${ID.toUpperCase()}`)).toEqual({ name: 'task', id: ID });
  });

  it('shows the text in place where the phone has no page', () => {
    expect(phoneTarget(null)).toBeNull();
    expect(phoneTarget(`/hazards/${ID}`)).toBeNull();
    expect(phoneTarget('/hazard-reports?schoolId=x&month=2026-11')).toBeNull();
    expect(phoneTarget('https://example.com/m/#/sos')).toBeNull();
  });
});
