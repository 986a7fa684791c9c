import fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../config.js';

/**
 * Settings of the IM and e-mail channels: WeCom (企业微信) application messages and group robots,
 * DingTalk (钉钉) custom robots, Feishu/Lark (飞书) custom bots, and SMTP. A provider is built only
 * when its settings are complete; half of them is a start-up error naming what is missing. Secrets
 * and webhook tokens never appear in an error message or a log line.
 */

/** A robot of a group chat, named by the install (the address notifications use), with its webhook. */
export interface Robot {
  name: string;
  /** WeCom: the webhook key; DingTalk: the access_token; Feishu: the hook id after /bot/v2/hook/ */
  token: string;
  /** the signing secret (DingTalk 加签 SEC…, Feishu 签名校验) */
  secret?: string;
}

const ROBOT_NAME = /^[^\s=,/:]{1,40}$/u;
const ROBOT_TOKEN = /^[A-Za-z0-9_-]{6,200}$/;

/**
 * `name=token` or `name=token:secret`, comma-separated: NOTIFY_DINGTALK_ROBOTS="保卫处=ab12…:SEC34…".
 * Every problem names the robot, never its token or secret.
 */
function robotList(variable: string, withSecret: boolean) {
  const form = withSecret ? 'name=token:secret' : 'name=key';
  return z
    .string()
    .max(8000)
    .transform((raw, ctx) => {
      const robots: Robot[] = [];
      const entries = raw
        .split(',')
        .map((e) => e.trim())
        .filter(Boolean);
      entries.forEach((entry, i) => {
        const eq = entry.indexOf('=');
        const name = eq > 0 ? entry.slice(0, eq).trim() : '';
        const rest = eq > 0 ? entry.slice(eq + 1).trim() : '';
        const colon = rest.indexOf(':');
        const token = colon >= 0 ? rest.slice(0, colon) : rest;
        const secret = colon >= 0 ? rest.slice(colon + 1) : undefined;
        const label = ROBOT_NAME.test(name) ? `robot "${name}"` : `robot #${i + 1}`;
        const problem = !ROBOT_NAME.test(name)
          ? `${label}: needs a name of 1–40 characters without spaces, = , / or : (write ${form})`
          : robots.some((r) => r.name === name)
            ? `${label} is named twice`
            : !ROBOT_TOKEN.test(token)
              ? `${label}: the ${withSecret ? 'token' : 'key'} is missing or not 6–200 of A-Z a-z 0-9 _ - (write ${form})`
              : withSecret && !secret
                ? `${label}: the signing secret is missing (write ${form}); robots are used signed only`
                : !withSecret && secret !== undefined
                  ? `${label}: WeCom group robots have no secret (write ${form})`
                  : null;
        if (problem) ctx.addIssue({ code: 'custom', message: problem });
        else robots.push({ name, token, ...(secret ? { secret } : {}) });
      });
      if (!entries.length) ctx.addIssue({ code: 'custom', message: `${variable}: no robot (write ${form})` });
      return robots;
    });
}

const apiBase = (dflt: string) => z.url({ protocol: /^https?$/ }).default(dflt);

export const imEmailConfig = z.object({
  /** WeCom application messages: the company's CorpID (管理后台 → 我的企业 → 企业信息) */
  NOTIFY_WECOM_CORP_ID: z
    .string()
    .regex(/^[A-Za-z0-9]{1,64}$/, 'must be the CorpID (ww…)')
    .optional(),
  /** the application's Secret (应用管理 → the application); together with the CorpID and AgentId */
  NOTIFY_WECOM_CORP_SECRET: z.string().min(1).max(256).optional(),
  /** the application's AgentId */
  NOTIFY_WECOM_AGENT_ID: z.coerce
    .number()
    .int()
    .min(0)
    .max(2 ** 31 - 1)
    .optional(),
  /** WeCom group robots by name: `name=key,…` (the key of the robot's webhook address) */
  NOTIFY_WECOM_ROBOTS: robotList('NOTIFY_WECOM_ROBOTS', false).optional(),
  /** where the WeCom API answers (the default is WeCom's own) */
  NOTIFY_WECOM_API_BASE: apiBase('https://qyapi.weixin.qq.com'),
  /** DingTalk custom robots by name, each signed (加签): `name=access_token:SEC…,…` */
  NOTIFY_DINGTALK_ROBOTS: robotList('NOTIFY_DINGTALK_ROBOTS', true).optional(),
  NOTIFY_DINGTALK_API_BASE: apiBase('https://oapi.dingtalk.com'),
  /** Feishu/Lark custom bots by name, each with 签名校验: `name=hook_id:secret,…` */
  NOTIFY_FEISHU_ROBOTS: robotList('NOTIFY_FEISHU_ROBOTS', true).optional(),
  /** https://open.feishu.cn, or https://open.larksuite.com for Lark */
  NOTIFY_FEISHU_API_BASE: apiBase('https://open.feishu.cn'),
  /** the SMTP server that carries e-mail; with NOTIFY_SMTP_FROM */
  NOTIFY_SMTP_HOST: z.string().min(1).max(253).optional(),
  /** default 465 with tls, else 587 */
  NOTIFY_SMTP_PORT: z.coerce.number().int().min(1).max(65535).optional(),
  /**
   * tls: TLS from the first byte (port 465); starttls: upgrade and refuse to go on in clear (587);
   * none: no TLS (a relay on this machine only). Default: tls on port 465, else starttls.
   */
  NOTIFY_SMTP_SECURITY: z.enum(['tls', 'starttls', 'none']).optional(),
  NOTIFY_SMTP_USER: z.string().min(1).max(320).optional(),
  NOTIFY_SMTP_PASSWORD: z.string().min(1).max(1024).optional(),
  /** the sender, e.g. "安校 <noreply@school.edu.cn>" */
  NOTIFY_SMTP_FROM: z.string().min(3).max(320).optional(),
  /**
   * a PEM file with the CA that signed the server's certificate (a campus mail server with its own
   * CA); only that CA is then trusted. Unset: the usual public CAs.
   */
  NOTIFY_SMTP_CA_FILE: z.string().min(1).max(4096).optional(),
});

export type ImEmailConfig = z.infer<typeof imEmailConfig>;

export interface ImEmailSettings {
  wecomApp?: { corpId: string; corpSecret: string; agentId: number; apiBase: string };
  wecomRobots?: { robots: Robot[]; apiBase: string };
  dingtalk?: { robots: Robot[]; apiBase: string };
  feishu?: { robots: Robot[]; apiBase: string };
  smtp?: {
    host: string;
    port: number;
    security: 'tls' | 'starttls' | 'none';
    auth?: { user: string; pass: string };
    from: string;
    /** PEM of the CA to trust instead of the public ones */
    ca?: string;
  };
}

/**
 * Which providers the settings make, checking that each is complete. Throws one ConfigError
 * listing every variable that is missing, so an operator fixes them all in one go.
 */
export function imEmailSettings(cfg: ImEmailConfig): ImEmailSettings {
  const problems: string[] = [];
  const out: ImEmailSettings = {};
  const missing = (group: string, vars: Record<string, unknown>) => {
    const set = Object.entries(vars).filter(([, v]) => v !== undefined);
    const unset = Object.keys(vars).filter((k) => vars[k] === undefined);
    if (set.length && unset.length) {
      for (const k of unset)
        problems.push(`${k}: required with ${set.map(([n]) => n).join(', ')} (${group})`);
    }
    return set.length > 0 && unset.length === 0;
  };
  const base = (url: string) => url.replace(/\/+$/, '');

  if (
    missing('WeCom application messages', {
      NOTIFY_WECOM_CORP_ID: cfg.NOTIFY_WECOM_CORP_ID,
      NOTIFY_WECOM_CORP_SECRET: cfg.NOTIFY_WECOM_CORP_SECRET,
      NOTIFY_WECOM_AGENT_ID: cfg.NOTIFY_WECOM_AGENT_ID,
    })
  ) {
    out.wecomApp = {
      corpId: cfg.NOTIFY_WECOM_CORP_ID!,
      corpSecret: cfg.NOTIFY_WECOM_CORP_SECRET!,
      agentId: cfg.NOTIFY_WECOM_AGENT_ID!,
      apiBase: base(cfg.NOTIFY_WECOM_API_BASE),
    };
  }
  if (cfg.NOTIFY_WECOM_ROBOTS?.length)
    out.wecomRobots = { robots: cfg.NOTIFY_WECOM_ROBOTS, apiBase: base(cfg.NOTIFY_WECOM_API_BASE) };
  if (cfg.NOTIFY_DINGTALK_ROBOTS?.length)
    out.dingtalk = { robots: cfg.NOTIFY_DINGTALK_ROBOTS, apiBase: base(cfg.NOTIFY_DINGTALK_API_BASE) };
  if (cfg.NOTIFY_FEISHU_ROBOTS?.length)
    out.feishu = { robots: cfg.NOTIFY_FEISHU_ROBOTS, apiBase: base(cfg.NOTIFY_FEISHU_API_BASE) };

  const smtpTouched = [
    cfg.NOTIFY_SMTP_HOST,
    cfg.NOTIFY_SMTP_PORT,
    cfg.NOTIFY_SMTP_SECURITY,
    cfg.NOTIFY_SMTP_USER,
    cfg.NOTIFY_SMTP_PASSWORD,
    cfg.NOTIFY_SMTP_FROM,
    cfg.NOTIFY_SMTP_CA_FILE,
  ].some((v) => v !== undefined);
  if (smtpTouched) {
    const before = problems.length;
    const need = (name: string, v: unknown, why: string) => {
      if (v === undefined) problems.push(`${name}: required ${why}`);
    };
    need('NOTIFY_SMTP_HOST', cfg.NOTIFY_SMTP_HOST, 'when e-mail is configured (NOTIFY_SMTP_*)');
    need('NOTIFY_SMTP_FROM', cfg.NOTIFY_SMTP_FROM, 'when e-mail is configured (NOTIFY_SMTP_*)');
    if (cfg.NOTIFY_SMTP_USER !== undefined)
      need('NOTIFY_SMTP_PASSWORD', cfg.NOTIFY_SMTP_PASSWORD, 'with NOTIFY_SMTP_USER');
    if (cfg.NOTIFY_SMTP_PASSWORD !== undefined)
      need('NOTIFY_SMTP_USER', cfg.NOTIFY_SMTP_USER, 'with NOTIFY_SMTP_PASSWORD');
    const ca = cfg.NOTIFY_SMTP_CA_FILE === undefined ? undefined : readCa(cfg.NOTIFY_SMTP_CA_FILE, problems);
    if (problems.length === before) {
      const port = cfg.NOTIFY_SMTP_PORT ?? (cfg.NOTIFY_SMTP_SECURITY === 'tls' ? 465 : 587);
      out.smtp = {
        host: cfg.NOTIFY_SMTP_HOST!,
        port,
        security: cfg.NOTIFY_SMTP_SECURITY ?? (port === 465 ? 'tls' : 'starttls'),
        ...(cfg.NOTIFY_SMTP_USER
          ? { auth: { user: cfg.NOTIFY_SMTP_USER, pass: cfg.NOTIFY_SMTP_PASSWORD! } }
          : {}),
        from: cfg.NOTIFY_SMTP_FROM!,
        ...(ca ? { ca } : {}),
      };
    }
  }
  if (problems.length) throw new ConfigError(problems);
  return out;
}

function readCa(file: string, problems: string[]): string | undefined {
  try {
    const pem = fs.readFileSync(file, 'utf8');
    if (pem.includes('-----BEGIN CERTIFICATE-----')) return pem;
    problems.push('NOTIFY_SMTP_CA_FILE: holds no PEM certificate (-----BEGIN CERTIFICATE-----)');
  } catch (err) {
    problems.push(`NOTIFY_SMTP_CA_FILE: cannot be read (${(err as { code?: string }).code ?? 'error'})`);
  }
  return undefined;
}
