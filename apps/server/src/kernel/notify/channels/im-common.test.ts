import { describe, expect, it } from 'vitest';
import { robotFor, truncateBytes } from './im-common.js';

describe('truncateBytes', () => {
  it('keeps a text within the limit as it is', () => {
    expect(truncateBytes('一键报警', 12)).toBe('一键报警');
  });

  it('cuts at a character boundary and marks the cut, within the byte limit', () => {
    const cut = truncateBytes('一键报警：教学楼A座', 16);
    expect(cut).toBe('一键报警…');
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(16);
  });
});

describe('robotFor', () => {
  const robots = [{ name: '保卫处', token: 'abcdef', secret: 's' }];

  it('finds the robot by name, with the person to mention after a slash', () => {
    expect(robotFor(robots, '保卫处')).toEqual({ robot: robots[0], mention: null });
    expect(robotFor(robots, '保卫处/zhangsan')).toEqual({ robot: robots[0], mention: 'zhangsan' });
  });

  it('fails for good on a robot that is not configured or a mention that is not a user id', () => {
    expect(robotFor(robots, '校办')).toMatchObject({ ok: false, retryable: false, code: 'robot.unknown' });
    expect(robotFor(robots, '保卫处/<script>')).toMatchObject({ ok: false, code: 'address.invalid' });
    expect(robotFor(robots, '保卫处/@all')).toMatchObject({ ok: false, code: 'address.invalid' });
  });
});
