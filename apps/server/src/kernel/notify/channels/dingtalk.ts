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
} from './im-common.js';
import { dingtalkSignedQuery } from './signing.js';

/**
 * DingTalk (钉钉) custom robot (open.dingtalk.com, 自定义机器人接入 / 自定义机器人发送群消息):
 * POST /robot/send?access_token=…&timestamp=…&sign=… with a text or markdown message.
 */

/**
 * -1 系统繁忙 (全局错误码: "建议稍后再重试"); 130101 "send too fast, exceed 20 times per minute" and
 * 410100 发送速度太快而限流: "每个机器人每分钟最多发送20条 … 如果超过20条,会限流10分钟".
 * Not retryable: 310000 (sign not match, invalid timestamp, keywords not in content, ip not in
 * whitelist), 300001 / 400101 token is not exist, 400102 机器人已停用, 400106 机器人不存在,
 * 400013 群已被解散, 430101–430104 (unsafe link, unfit text, image or content).
 */
const RETRYABLE = new Set([-1, 130101, 410100]);

type DingTalk = NonNullable<ImEmailSettings['dingtalk']>;

export class DingTalkRobotAdapter implements ChannelAdapter {
  readonly kind = 'dingtalk' as const;
  readonly provider = 'dingtalk-robot';
  readonly needsTemplate = false;

  constructor(
    private readonly cfg: DingTalk,
    private readonly fetchFn: typeof fetch,
  ) {}

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const target = robotFor(this.cfg.robots, msg.to);
    if ('ok' in target) return target;
    const { robot, mention } = target;
    // "被@人列表": at.atUserIds, and the content must name "@userId" for DingTalk to show the mention.
    const at = mention ? { atUserIds: [mention], isAtAll: false } : { isAtAll: false };
    const tail = mention ? ` @${mention}` : '';
    const body = msg.url
      ? {
          msgtype: 'markdown',
          markdown: {
            title: msg.title,
            text: [`#### ${msg.title}`, msg.body, `[${LINK_LABEL}](${msg.url})${tail}`].join('\n\n'),
          },
          at,
        }
      : { msgtype: 'text', text: { content: plainText(msg) + tail }, at };
    // The timestamp is taken at each send: DingTalk refuses one more than an hour old.
    const query = `access_token=${encodeURIComponent(robot.token)}&${dingtalkSignedQuery(Date.now(), robot.secret!)}`;
    const r = await callJson(
      this.fetchFn,
      `${this.cfg.apiBase}/robot/send?${query}`,
      { method: 'POST', body },
      signal,
    );
    if ('ok' in r) return r;
    const code = numberField(r.json, 'errcode') ?? -1;
    // {"errcode":0,"errmsg":"ok"} carries no message id: the attempt's own id stands for it.
    if (code === 0) return sent(msg.attemptId);
    return fail(String(code), stringField(r.json, 'errmsg') || `errcode ${code}`, RETRYABLE.has(code));
  }
}
