import { api, bodyOf } from '@anxiao/web-core';

export async function listSubscriptions() {
  return (await bodyOf(api.GET('/api/cap/subscriptions'))).items;
}

export function subscribe(body: { orgId: string; name: string; url: string }) {
  return bodyOf(api.POST('/api/cap/subscriptions', { body }));
}

export async function unsubscribe(id: string) {
  await bodyOf(api.DELETE('/api/cap/subscriptions/{id}', { params: { path: { id } } }));
}

export function pollNow(id: string) {
  return bodyOf(api.POST('/api/cap/subscriptions/{id}/poll', { params: { path: { id } } }));
}

export async function listRejects(id: string) {
  return (await bodyOf(api.GET('/api/cap/subscriptions/{id}/rejects', { params: { path: { id } } }))).items;
}

export function listInbound(page: number, pageSize: number) {
  return bodyOf(
    api.GET('/api/cap/inbound', { params: { query: { limit: pageSize, offset: (page - 1) * pageSize } } }),
  );
}

export type Subscription = Awaited<ReturnType<typeof listSubscriptions>>[number];
export type Inbound = Awaited<ReturnType<typeof listInbound>>['items'][number];
export type Reject = Awaited<ReturnType<typeof listRejects>>[number];
