import type { ChannelAdapter } from '../channel.js';
import { DingTalkRobotAdapter } from './dingtalk.js';
import { FeishuBotAdapter } from './feishu.js';
import { imEmailSettings, type ImEmailConfig } from './im-email.config.js';
import { SmtpAdapter } from './smtp.js';
import { WeComAppAdapter, WeComRobotAdapter } from './wecom.js';

export { imEmailConfig, imEmailSettings, type ImEmailConfig } from './im-email.config.js';

/**
 * The IM and e-mail adapters whose settings are complete (a ConfigError names what is missing).
 * WeCom application messages come before the WeCom robots: within the kind, the person first.
 */
export function buildImEmailChannels(cfg: ImEmailConfig, deps: { fetch: typeof fetch }): ChannelAdapter[] {
  const s = imEmailSettings(cfg);
  const out: ChannelAdapter[] = [];
  if (s.wecomApp) out.push(new WeComAppAdapter(s.wecomApp, deps.fetch));
  if (s.wecomRobots) out.push(new WeComRobotAdapter(s.wecomRobots, deps.fetch));
  if (s.dingtalk) out.push(new DingTalkRobotAdapter(s.dingtalk, deps.fetch));
  if (s.feishu) out.push(new FeishuBotAdapter(s.feishu, deps.fetch));
  if (s.smtp) out.push(new SmtpAdapter(s.smtp));
  return out;
}
