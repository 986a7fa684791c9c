import { z } from 'zod';
import type { ChannelAdapter } from '../channel.js';
import { buildCnChannels, cnChannelsConfig } from './cn.config.js';
import { buildImEmailChannels, imEmailConfig } from './im-email.js';

/**
 * The channel adapters of this install: each provider whose settings are present. The order within
 * one kind is the failover order (SMS: Aliyun, then Tencent Cloud).
 */
export const channelsConfig = z.object({
  ...cnChannelsConfig.shape,
  ...imEmailConfig.shape,
});

export type ChannelsConfig = z.infer<typeof channelsConfig>;

export interface ChannelDeps {
  /** fetch with a time limit; tests point providers' endpoints at local contract servers */
  fetch: typeof fetch;
}

export function buildChannels(cfg: ChannelsConfig, deps: ChannelDeps): ChannelAdapter[] {
  const out: ChannelAdapter[] = [];
  out.push(...buildCnChannels(cfg, deps));
  out.push(...buildImEmailChannels(cfg, deps));
  return out;
}
