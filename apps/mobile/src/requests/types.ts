import type { components, paths } from '@anxiao/api-client';

// The parts of the requests API (接诉即办) the phone uses, as generated from the server's contract.
type JsonOf<T> = T extends { content: { 'application/json': infer B } } ? B : never;

export type Catalogue = components['schemas']['RequestCatalogue'];
export type Category = components['schemas']['RequestCategory'];
export type CategoryAttribute = Category['attributes'][number];
export type PlaceOption = NonNullable<Catalogue['place']>;
export type Filed = components['schemas']['RequestFiled'];
export type Tracked = components['schemas']['TrackedRequest'];
export type ThreadEntry = Tracked['thread'][number];
export type RequestStatus = Tracked['status'];
export type Identity = Tracked['identity'];
export type FileBody = NonNullable<
  paths['/api/requests']['post']['requestBody']
>['content']['application/json'];
export type MyRequest = JsonOf<paths['/api/my/requests']['get']['responses'][200]>['items'][number];
export type StoredFile = components['schemas']['StoredFile'];

export const REQUEST_STATUSES = [
  'received',
  'triage',
  'dispatched',
  'accepted',
  'contacted',
  'in_progress',
  'extended',
  'parked',
  'replied',
  'revisit',
  'reopened',
  'closed',
] as const satisfies readonly RequestStatus[];

export const IDENTITIES = ['named', 'sealed', 'anonymous'] as const satisfies readonly Identity[];
