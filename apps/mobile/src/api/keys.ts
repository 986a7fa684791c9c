export const queryKeys = {
  me: ['me'],
  demoAccounts: ['demo-accounts'],
  incident: (id: string) => ['incident', id] as const,
  requestCatalogue: (placeId: string | null) => ['request-catalogue', placeId ?? ''] as const,
  requestPlaces: (q: string) => ['request-places', q] as const,
  myRequests: ['my-requests'],
  /** one request as its reporter sees it: by id (signed in) or by its private link */
  tracked: (loc: { id: string } | { token: string }) =>
    'id' in loc ? (['tracked', 'id', loc.id] as const) : (['tracked', 'token', loc.token] as const),
} as const;
