import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../config.js';
import { imEmailConfig, imEmailSettings } from './im-email.config.js';

const parse = (env: Record<string, string>) => imEmailSettings(imEmailConfig.parse(env));

function problems(fn: () => unknown): string[] {
  try {
    fn();
  } catch (err) {
    if (err instanceof ConfigError) return err.problems;
    throw err;
  }
  return [];
}

describe('IM and e-mail settings', () => {
  it('builds nothing when nothing is set, with the providers’ real hosts as defaults', () => {
    expect(parse({})).toEqual({});
    const cfg = imEmailConfig.parse({});
    expect(cfg.NOTIFY_WECOM_API_BASE).toBe('https://qyapi.weixin.qq.com');
    expect(cfg.NOTIFY_DINGTALK_API_BASE).toBe('https://oapi.dingtalk.com');
    expect(cfg.NOTIFY_FEISHU_API_BASE).toBe('https://open.feishu.cn');
  });

  it('names every WeCom setting that is missing when only part is given', () => {
    const p = problems(() => parse({ NOTIFY_WECOM_CORP_ID: 'ww1234567890' }));
    expect(p).toHaveLength(2);
    expect(p.join('\n')).toMatch(/NOTIFY_WECOM_CORP_SECRET: required/);
    expect(p.join('\n')).toMatch(/NOTIFY_WECOM_AGENT_ID: required/);
  });

  it('builds WeCom application messages when complete', () => {
    const s = parse({
      NOTIFY_WECOM_CORP_ID: 'ww1234567890',
      NOTIFY_WECOM_CORP_SECRET: 'a-secret',
      NOTIFY_WECOM_AGENT_ID: '1000002',
    });
    expect(s.wecomApp).toMatchObject({ corpId: 'ww1234567890', agentId: 1000002 });
  });

  it('reads robots by name and refuses an unsigned DingTalk robot without showing its token', () => {
    const s = parse({
      NOTIFY_DINGTALK_ROBOTS: '保卫处=abcdef123456:SECfeedbeef, 校办=0123456789ab:SECcafe',
      NOTIFY_WECOM_ROBOTS: 'security=693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
    });
    expect(s.dingtalk?.robots.map((r) => r.name)).toEqual(['保卫处', '校办']);
    expect(s.wecomRobots?.robots[0]).toEqual({
      name: 'security',
      token: '693a91f6-7xxx-4bc4-97a0-0ec2sifa5aaa',
    });

    const bad = imEmailConfig.safeParse({ NOTIFY_DINGTALK_ROBOTS: '保卫处=abcdef123456' });
    expect(bad.success).toBe(false);
    const text = JSON.stringify(bad.error?.issues);
    expect(text).toMatch(/robot \\"保卫处\\": the signing secret is missing/);
    expect(text).not.toMatch(/abcdef123456/);
  });

  it('names the missing SMTP settings, and never the password', () => {
    const p = problems(() =>
      parse({ NOTIFY_SMTP_HOST: 'smtp.example.edu.cn', NOTIFY_SMTP_PASSWORD: 'hunter2' }),
    );
    expect(p.join('\n')).toMatch(/NOTIFY_SMTP_FROM: required/);
    expect(p.join('\n')).toMatch(/NOTIFY_SMTP_USER: required with NOTIFY_SMTP_PASSWORD/);
    expect(p.join('\n')).not.toMatch(/hunter2/);
  });

  it('picks TLS on port 465 and STARTTLS otherwise', () => {
    const base = {
      NOTIFY_SMTP_HOST: 'smtp.example.edu.cn',
      NOTIFY_SMTP_FROM: '安校 <noreply@example.edu.cn>',
    };
    expect(parse({ ...base, NOTIFY_SMTP_PORT: '465' }).smtp).toMatchObject({ port: 465, security: 'tls' });
    expect(parse(base).smtp).toMatchObject({ port: 587, security: 'starttls' });
    expect(parse({ ...base, NOTIFY_SMTP_SECURITY: 'tls' }).smtp).toMatchObject({ port: 465 });
  });

  it('names a CA file that cannot be read or holds no certificate', () => {
    const base = { NOTIFY_SMTP_HOST: 'smtp.example.edu.cn', NOTIFY_SMTP_FROM: 'noreply@example.edu.cn' };
    expect(problems(() => parse({ ...base, NOTIFY_SMTP_CA_FILE: '/nonexistent/ca.pem' }))).toEqual([
      'NOTIFY_SMTP_CA_FILE: cannot be read (ENOENT)',
    ]);
    const notPem = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-ca-')), 'ca.pem');
    fs.writeFileSync(notPem, 'not a certificate\n');
    expect(problems(() => parse({ ...base, NOTIFY_SMTP_CA_FILE: notPem }))).toEqual([
      'NOTIFY_SMTP_CA_FILE: holds no PEM certificate (-----BEGIN CERTIFICATE-----)',
    ]);
    fs.rmSync(path.dirname(notPem), { recursive: true });
  });
});
