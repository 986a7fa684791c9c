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
  /** today's list of the grids I hold */
  tasksToday: ['tasks-today'],
  /** one task with its checklist */
  task: (id: string) => ['task', id] as const,
  /** the place a 随手拍 QR code names */
  hazardPlace: (id: string) => ['hazard-place', id] as const,
  /** the school's own security duty number, on the SOS page */
  sosContacts: ['sos-contacts'],
  /** the place of the school a phone's fix stands in (使用我的位置) */
  myPlace: (lon: number, lat: number) => ['my-place', lon, lat] as const,
  /** the open incidents of the 警情 page */
  openIncidents: ['open-incidents'],
  /** my notifications (消息) */
  notifications: ['notifications'],
} as const;
