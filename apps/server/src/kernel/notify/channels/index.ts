import { z } from 'zod';
import type { ChannelAdapter } from '../channel.js';

/**
 * The channel adapters of this install: each provider whose settings are present. The order within
 * one kind is the failover order (SMS: Aliyun, then Tencent Cloud).
 */
export const channelsConfig = z.object({});

export type ChannelsConfig = z.infer<typeof channelsConfig>;

export interface ChannelDeps {
  /** fetch with a time limit; tests point providers' endpoints at local contract servers */
  fetch: typeof fetch;
}

export function buildChannels(_cfg: ChannelsConfig, _deps: ChannelDeps): ChannelAdapter[] {
  const out: ChannelAdapter[] = [];
  return out;
}
