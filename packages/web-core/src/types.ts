import type { components, paths } from '@anxiao/api-client';

// The parts of the server's HTTP contract (generated into @anxiao/api-client) that both web apps use.
type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Me = components['schemas']['Me'];
export type Lang = NonNullable<Me['lang']>;
export type DemoAccount = JsonBody<paths['/api/auth/demo-accounts']['get']['responses'][200]>[number];

/** Every language, checked by the compiler against the schema's. */
export const LANGS = Object.keys({ 'zh-CN': true, 'en-US': true } satisfies Record<Lang, true>) as Lang[];
