import type { ChannelAdapter, OutboundMessage, SendResult } from '../channel.js';
import type { ImEmailSettings } from './im-email.config.js';
import {
  callJson,
  fail,
  LINK_LABEL,
  numberField,
  plainText,
  robotFor,
  sent,
  stringField,
  truncateBytes,
  type Failure,
} from './im-common.js';

/**
 * WeCom (企业微信) application messages (developer.work.weixin.qq.com, 服务端API → 消息推送 → 发送应用消息)
 * and group robots (群机器人 / 消息推送). Codes below are from the 全局错误码 page unless said.
 */

/** -1 系统繁忙 ("建议稍候重试"), 45009 接口调用超过限制, 45033 接口并发调用超过限制: worth another try. */
const RETRYABLE = new Set([-1, 45009, 45033]);
/**
 * 40014 不合法的access_token, 42001 access_token已过期, 40001 不合法的secret参数 (also answered for a
 * token the secret no longer backs): WeCom says a token may be revoked before expires_in
 * ("企业微信可能会出于运营需要,提前使access_token失效"), so the token is fetched anew and the send tried once more.
 */
const TOKEN_INVALID = new Set([40014, 42001, 40001]);

type WeComApp = NonNullable<ImEmailSettings['wecomApp']>;

const USER_ID = /^[A-Za-z0-9][A-Za-z0-9_.@-]{0,63}$/;

export class WeComAppAdapter implements ChannelAdapter {
  readonly kind = 'wecom' as const;
  readonly provider = 'wecom-app';
  readonly needsTemplate = false;
  private cached: { token: string; expiresAt: number } | null = null;
  private inflight: Promise<{ token: string } | Failure> | null = null;

  constructor(
    private readonly cfg: WeComApp,
    private readonly fetchFn: typeof fetch,
  ) {}

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    // 成员UserID: "长度为1~64个字节。只能由数字、字母和“_-@.”四种字符组成,且第一个字符必须是数字或字母";
    // so neither "a|b" (several people) nor "@all" (the whole company) gets through.
    if (!USER_ID.test(msg.to)) return fail('address.invalid', 'not a WeCom user id (成员UserID)', false);
    const first = await this.token(signal);
    if ('ok' in first) return first;
    let answer = await this.post(first.token, msg, signal);
    if (!('ok' in answer) && TOKEN_INVALID.has(numberField(answer.json, 'errcode') ?? 0)) {
      this.drop(first.token);
      const again = await this.token(signal);
      if ('ok' in again) return again;
      answer = await this.post(again.token, msg, signal);
    }
    if ('ok' in answer) return answer;
    return judgeSend(answer.json, msg.to);
  }

  /**
   * The cached token, or a new one. "开发者需要缓存access_token … 不能频繁调用gettoken接口": one
   * gettoken at a time however many messages wait for it, kept until expires_in has passed (less a
   * minute, so a token is not used in its last seconds).
   */
  private token(signal?: AbortSignal): Promise<{ token: string } | Failure> {
    if (this.cached && Date.now() < this.cached.expiresAt)
      return Promise.resolve({ token: this.cached.token });
    this.inflight ??= this.fetchToken(signal).finally(() => {
      this.inflight = null;
    });
    return this.inflight;
  }

  private drop(token: string) {
    // Only the token that failed: another send may already hold a fresh one.
    if (this.cached?.token === token) this.cached = null;
  }

  /** GET /cgi-bin/gettoken?corpid=ID&corpsecret=SECRET (获取access_token) */
  private async fetchToken(signal?: AbortSignal): Promise<{ token: string } | Failure> {
    const q = new URLSearchParams({ corpid: this.cfg.corpId, corpsecret: this.cfg.corpSecret });
    const r = await callJson(
      this.fetchFn,
      `${this.cfg.apiBase}/cgi-bin/gettoken?${q.toString()}`,
      { method: 'GET' },
      signal,
    );
    if ('ok' in r) return r;
    const code = numberField(r.json, 'errcode') ?? -1;
    const token = stringField(r.json, 'access_token');
    if (code !== 0 || !token) {
      // 40013 不合法的CorpID, 40001 不合法的secret参数, 40091 secret is invalid: settings to fix, not to retry.
      return fail(
        `gettoken.${code}`,
        stringField(r.json, 'errmsg') || 'no access_token',
        RETRYABLE.has(code),
      );
    }
    // "access_token的有效期通过返回的expires_in来传达,正常情况下为7200秒"
    const seconds = numberField(r.json, 'expires_in') ?? 7200;
    const margin = Math.min(60, seconds / 10);
    this.cached = { token, expiresAt: Date.now() + (seconds - margin) * 1000 };
    return { token };
  }

  /** POST /cgi-bin/message/send?access_token=ACCESS_TOKEN (发送应用消息) */
  private post(token: string, msg: OutboundMessage, signal?: AbortSignal) {
    const body = msg.url
      ? {
          touser: msg.to,
          msgtype: 'textcard',
          agentid: this.cfg.agentId,
          // textcard: title ≤128 bytes, description ≤512 bytes, url required, btntxt ≤4 characters.
          textcard: {
            title: truncateBytes(msg.title, 128),
            description: truncateBytes(msg.body, 512),
            url: msg.url,
            btntxt: '详情',
          },
        }
      : {
          touser: msg.to,
          msgtype: 'text',
          agentid: this.cfg.agentId,
          // text: "消息内容,最长不超过2048个字节"
          text: { content: truncateBytes(plainText(msg), 2048) },
        };
    // enable_duplicate_check stays off: two different alarms may read alike and both must arrive.
    const url = `${this.cfg.apiBase}/cgi-bin/message/send?access_token=${encodeURIComponent(token)}`;
    return callJson(this.fetchFn, url, { method: 'POST', body }, signal);
  }
}

/**
 * The answer of message/send: errcode 0 with msgid is sent, unless WeCom lists the recipient in
 * invaliduser ("不合法的userid,不区分大小写,统一转为小写") or unlicenseduser (没有基础接口许可):
 * then the message went to nobody, and no retry changes that.
 */
function judgeSend(json: Record<string, unknown>, to: string): SendResult {
  const code = numberField(json, 'errcode') ?? -1;
  const errmsg = stringField(json, 'errmsg');
  const listed = (field: string) =>
    stringField(json, field)
      .split('|')
      .map((u) => u.trim().toLowerCase())
      .includes(to.toLowerCase());
  if (listed('invaliduser'))
    return fail('invaliduser', `WeCom does not know user ${to} in this application (invaliduser)`, false);
  if (listed('unlicenseduser'))
    return fail('unlicenseduser', `user ${to} has no WeCom interface licence (unlicenseduser)`, false);
  if (code === 0) return sent(stringField(json, 'msgid') || 'wecom');
  // 81013 UserID、部门ID、标签ID全部非法或无权限, 60020 不安全的访问IP, 301002 无权限 …: not retryable.
  return fail(String(code), errmsg || `errcode ${code}`, RETRYABLE.has(code));
}

type WeComRobots = NonNullable<ImEmailSettings['wecomRobots']>;

/** A WeCom group robot: POST /cgi-bin/webhook/send?key=KEY (群机器人配置说明). */
export class WeComRobotAdapter implements ChannelAdapter {
  readonly kind = 'wecom' as const;
  readonly provider = 'wecom-robot';
  readonly needsTemplate = false;

  constructor(
    private readonly cfg: WeComRobots,
    private readonly fetchFn: typeof fetch,
  ) {}

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const target = robotFor(this.cfg.robots, msg.to);
    if ('ok' in target) return target;
    const { robot, mention } = target;
    // markdown renders the title and the link; a mention needs the text type's mentioned_list
    // (userid list, "提醒群中的指定成员"). Limits: text 2048 bytes, markdown 4096 bytes, UTF-8.
    const body = mention
      ? { msgtype: 'text', text: { content: truncateBytes(plainText(msg), 2048), mentioned_list: [mention] } }
      : {
          msgtype: 'markdown',
          markdown: {
            content: truncateBytes(
              [`**${msg.title}**`, msg.body, msg.url ? `[${LINK_LABEL}](${msg.url})` : '']
                .filter(Boolean)
                .join('\n'),
              4096,
            ),
          },
        };
    const url = `${this.cfg.apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(robot.token)}`;
    const r = await callJson(this.fetchFn, url, { method: 'POST', body }, signal);
    if ('ok' in r) return r;
    const code = numberField(r.json, 'errcode') ?? -1;
    // {"errcode":0,"errmsg":"ok"} carries no message id: the attempt's own id stands for it.
    if (code === 0) return sent(msg.attemptId);
    // 93000 invalid webhook url (the robot was removed from its group), 40008 不合法的msgtype …;
    // 45009: "每个机器人发送的消息不能超过20条/分钟".
    return fail(String(code), stringField(r.json, 'errmsg') || `errcode ${code}`, RETRYABLE.has(code));
  }
}
