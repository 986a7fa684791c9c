import type { ChannelAdapter, OutboundMessage, SendResult } from '../channel.js';
import type { ImEmailSettings } from './im-email.config.js';
import {
  callJson,
  fail,
  LINK_LABEL,
  numberField,
  robotFor,
  sent,
  stringField,
  truncateBytes,
} from './im-common.js';
import { feishuSign } from './signing.js';

/**
 * Feishu/Lark (飞书) custom bot (open.feishu.cn, 自定义机器人使用指南): POST
 * /open-apis/bot/v2/hook/{hook_id} with `timestamp` and `sign` in the JSON body beside the message.
 */

/**
 * 11232 frequency limited ("单租户单机器人 100 次/分钟，5 次/秒"), 99991400 request trigger frequency
 * limit (频控策略, HTTP 429): retryable. Not retryable: 19021 sign match fail or timestamp is not
 * within one hour, 19022 Ip Not Allowed, 19024 Key Words Not Found, 9499 Bad Request (body
 * malformed or over 20 KB), 19001 param invalid (no such hook).
 */
const RETRYABLE = new Set([11232, 99991400]);

type Feishu = NonNullable<ImEmailSettings['feishu']>;

export class FeishuBotAdapter implements ChannelAdapter {
  readonly kind = 'feishu' as const;
  readonly provider = 'feishu-bot';
  readonly needsTemplate = false;

  constructor(
    private readonly cfg: Feishu,
    private readonly fetchFn: typeof fetch,
  ) {}

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    const target = robotFor(this.cfg.robots, msg.to);
    if ('ok' in target) return target;
    const { robot, mention } = target;
    const timestamp = String(Math.floor(Date.now() / 1000));
    // 富文本 (post): a title, the body, the link as an `a` tag, the person as an `at` tag.
    // "请求体的数据大小不能超过 20 KB": the body is cut well below, leaving room for the rest.
    const lines: Array<Array<Record<string, string>>> = truncateBytes(msg.body, 16 * 1024)
      .split('\n')
      .map((text) => [{ tag: 'text', text }]);
    if (msg.url) lines.push([{ tag: 'a', text: LINK_LABEL, href: msg.url }]);
    if (mention) lines.push([{ tag: 'at', user_id: mention }]);
    const body = {
      timestamp,
      sign: feishuSign(timestamp, robot.secret!),
      msg_type: 'post',
      content: { post: { zh_cn: { title: msg.title, content: lines } } },
    };
    const url = `${this.cfg.apiBase}/open-apis/bot/v2/hook/${encodeURIComponent(robot.token)}`;
    const r = await callJson(this.fetchFn, url, { method: 'POST', body }, signal);
    if ('ok' in r) return r;
    // {"code":0,"msg":"success","data":{}}; older answers say StatusCode / StatusMessage.
    const code = numberField(r.json, 'code', 'StatusCode') ?? -1;
    if (code === 0 && r.status < 400) return sent(msg.attemptId);
    const reason = stringField(r.json, 'msg', 'StatusMessage') || `code ${code}`;
    return fail(String(code), reason, RETRYABLE.has(code) || r.status === 429 || r.status >= 500);
  }
}
