import { Open311Error, PREFIX } from './requests.open311.http.js';
import type { RequestsService } from './requests.service.js';

/** What the Open311 routes (requests.open311.routes.ts) share: the jurisdiction check and the request view. */

/**
 * The school a call is for: jurisdiction_id, or the school of the api_key. A key sent must be
 * valid; posting needs one; reading without one needs the school's consent to public reading.
 */
export function jurisdictionCheck(svc: RequestsService) {
  return async function jurisdiction(
    jurisdictionId: string | undefined,
    apiKey: string | undefined,
    keyRequired: boolean,
  ) {
    const client = await svc.open311Client(apiKey);
    if (apiKey && !client) throw new Open311Error(403, 'api_key is not valid');
    if (keyRequired && !client) throw new Open311Error(403, 'api_key is required');
    const school = await svc.open311School(jurisdictionId, client?.schoolId);
    if (!school)
      throw new Open311Error(
        jurisdictionId ? 404 : 400,
        jurisdictionId
          ? `jurisdiction_id ${jurisdictionId} is not served here`
          : 'jurisdiction_id is required',
      );
    if (client && client.schoolId !== school.id)
      throw new Open311Error(403, 'this api_key is for another jurisdiction');
    if (!client && !(await svc.open311PublicRead(school.id)))
      throw new Open311Error(403, `jurisdiction_id ${school.code} is read only with an api_key`);
    return { school, client };
  };
}

/** A request of the public view; what it does not have is left out, never sent empty. */
export const requestView =
  (base: string) => (r: Awaited<ReturnType<RequestsService['open311Requests']>>[number]) => ({
    service_request_id: r.no,
    status: r.status,
    status_notes: r.statusNotes,
    service_name: r.serviceName,
    service_code: r.serviceCode,
    ...('description' in r ? { description: r.description } : {}),
    agency_responsible: r.agency,
    requested_datetime: r.requestedAt,
    updated_datetime: r.updatedAt,
    expected_datetime: r.expectedAt,
    ...(r.address ? { address: r.address } : {}),
    ...(r.addressId ? { address_id: r.addressId } : {}),
    ...('lat' in r && r.lat !== null && r.lon !== null ? { lat: r.lat, long: r.lon } : {}),
    ...('mediaKey' in r && r.mediaKey ? { media_url: `${base}/media/${r.no}/${r.mediaKey}` } : {}),
    extended_attributes: { external_status_code: r.extended },
  });
export const baseOf = (req: { protocol: string; host: string }) => `${req.protocol}://${req.host}${PREFIX}`;
