import fastifyFormbody from '@fastify/formbody';
import { z } from 'zod';
import type { ZodApp } from '../../kernel/http/http.js';
import { parseDecimal } from '../../kernel/http/schemas.js';
import { newId } from '../../kernel/ids.js';
import {
  OPEN311_BODY_LIMIT,
  Open311Error,
  open311ErrorHandler,
  optionalDate,
  optionalText,
  PREFIX,
  sendOpen311 as send,
} from './requests.open311.http.js';
import { baseOf, jurisdictionCheck, requestView } from './requests.open311.shared.js';
import type { RequestsService } from './requests.service.js';

/**
 * Open311 GeoReport v2 at /open311/v2/ (with mySociety's servicerequestupdates). A school is a
 * jurisdiction (jurisdiction_id = its code); our categories are its services. Posting needs a
 * client's api_key. Reading (services and requests) shows a public view whoever asks (see
 * RequestsService.open311Requests); without a key only where the school allows public reading.
 * Errors are the spec's array of {code, description} in the format asked for, unknown paths too.
 */
const format = z.enum(['json', 'xml']);

export async function open311Routes(app: ZodApp, svc: RequestsService): Promise<void> {
  await app.register(
    async (o: ZodApp) => {
      await o.register(fastifyFormbody, { bodyLimit: OPEN311_BODY_LIMIT });
      o.setErrorHandler(open311ErrorHandler);
      o.setNotFoundHandler((req) => {
        throw new Open311Error(404, `${req.method} ${req.url.split('?')[0]} is not a resource of this API`);
      });
      const config = { public: true, rateLimit: { max: 120, timeWindow: '1 minute' } };
      const tags = ['open311'];

      const jurisdiction = jurisdictionCheck(svc);

      o.get(
        `/discovery.:format`,
        { config, schema: { tags, summary: 'GeoReport v2 discovery', params: z.object({ format }) } },
        async (req, reply) => {
          const base = `${req.protocol}://${req.host}${PREFIX}`;
          // Clients cache the service list until this changes: it moves whenever a category does.
          const changeset = (await svc.open311Changeset()).toISOString();
          return send(reply, req.params.format, 'discovery', {
            changeset,
            contact: 'The school security office (保卫处) of each jurisdiction',
            key_service: 'Ask the school security office for an api_key',
            endpoints: ['production'].map((type) => ({
              specification: 'http://wiki.open311.org/GeoReport_v2',
              url: base,
              changeset,
              type,
              formats: ['application/json', 'text/xml'],
            })),
          });
        },
      );

      o.get(
        `/services.:format`,
        {
          config,
          schema: {
            tags,
            summary: "A jurisdiction's services (our request categories)",
            params: z.object({ format }),
            querystring: z.object({
              jurisdiction_id: optionalText(40),
              api_key: optionalText(100),
            }),
          },
        },
        async (req, reply) => {
          const { school } = await jurisdiction(req.query.jurisdiction_id, req.query.api_key, false);
          const cats = await svc.open311Services(school.id);
          return send(
            reply,
            req.params.format,
            'services',
            cats.map((c) => ({
              service_code: c.code,
              service_name: c.name,
              description: c.description,
              metadata: c.attributes.length > 0,
              type: 'realtime',
              keywords: c.keywords,
              group: c.groupName,
            })),
          );
        },
      );

      o.get(
        `/services/:code.:format`,
        {
          config,
          schema: {
            tags,
            summary: 'A service definition: its attributes',
            params: z.object({ code: z.string().max(40), format }),
            querystring: z.object({
              jurisdiction_id: optionalText(40),
              api_key: optionalText(100),
            }),
          },
        },
        async (req, reply) => {
          const { school } = await jurisdiction(req.query.jurisdiction_id, req.query.api_key, false);
          const c = (await svc.open311Services(school.id)).find((x) => x.code === req.params.code);
          if (!c) throw new Open311Error(404, `service_code ${req.params.code} not found`);
          return send(reply, req.params.format, 'service_definition', {
            service_code: c.code,
            attributes: [...c.attributes]
              .sort((a, b) => a.order - b.order)
              .map((a) => ({
                variable: true,
                code: a.code,
                datatype: a.datatype,
                required: a.required,
                datatype_description: '',
                order: a.order,
                description: a.description,
                ...(a.values ? { values: a.values.map((v) => ({ key: v.key, name: v.name })) } : {}),
              })),
          });
        },
      );

      o.post(
        `/requests.:format`,
        {
          config,
          bodyLimit: OPEN311_BODY_LIMIT,
          schema: {
            tags,
            summary: 'Post a request (application/x-www-form-urlencoded; attribute[CODE]=value)',
            params: z.object({ format }),
            body: z.record(
              z.string().max(60),
              z.union([z.string().max(4000), z.array(z.string().max(200)).max(20)]),
            ),
          },
        },
        async (req, reply) => {
          const b = req.body;
          const one = (k: string) => {
            const v = b[k];
            const x = Array.isArray(v) ? v[0] : v;
            return x === '' ? undefined : x;
          };
          const { school, client } = await jurisdiction(one('jurisdiction_id'), one('api_key'), true);
          const code = one('service_code');
          if (!code) throw new Open311Error(400, 'service_code is required');
          const category = (await svc.open311Services(school.id)).find((x) => x.code === code);
          if (!category) throw new Open311Error(404, `service_code ${code} not found`);
          const lat = one('lat');
          const lon = one('long');
          const addressId = one('address_id');
          const address = one('address_string');
          if (!(lat && lon) && !addressId && !address)
            throw new Open311Error(400, 'a location is required: lat and long, address_string or address_id');
          const inRange = (v: string | undefined, limit: number) =>
            v === undefined || Math.abs(parseDecimal(v) ?? Infinity) <= limit;
          if (!inRange(lat, 90) || !inRange(lon, 180))
            throw new Open311Error(400, 'lat must be a number within ±90 and long within ±180');
          if ((address?.length ?? 0) > 200 || (addressId?.length ?? 0) > 40)
            throw new Open311Error(400, 'address_string is at most 200 characters, address_id 40');
          // Optional in the spec (up to 4,000 characters): without one, the service's name stands.
          const description = one('description')?.trim() || `${category.name}（Open311）`;
          if (description.length > 4000)
            throw new Open311Error(400, 'description is at most 4000 characters');
          const attributes: Record<string, string | string[]> = {};
          for (const [k, v] of Object.entries(b)) {
            const m = /^attribute\[([A-Za-z0-9_]{1,40})\](\[\])?$/.exec(k);
            if (m) attributes[m[1]!] = m[2] ? [v].flat() : Array.isArray(v) ? v : v;
          }
          const placeId = addressId ? await svc.open311Place(school.id, addressId) : undefined;
          if (addressId && !placeId)
            throw new Open311Error(400, `address_id ${addressId} is not a place of this jurisdiction`);
          const name = [one('last_name'), one('first_name')].filter(Boolean).join('').slice(0, 40) || null;
          const r = await svc.fileOpen311(client!, {
            categoryId: category.id,
            description,
            placeId,
            lon: lon ? parseDecimal(lon)! : undefined,
            lat: lat ? parseDecimal(lat)! : undefined,
            address,
            attributes,
            reporter: { userId: null, name, phone: one('phone')?.slice(0, 20) ?? null },
            idempotencyKey: `open311-${newId()}`,
          });
          return send(
            reply,
            req.params.format,
            'service_requests',
            [
              {
                // A realtime service: the id at once (tokens/<id> still answers for clients that ask).
                service_request_id: r.no,
                service_notice: '已受理，将按时限办理',
              },
            ],
            201,
          );
        },
      );

      o.get(
        `/requests.:format`,
        {
          config,
          schema: {
            tags,
            summary: 'Requests of the jurisdiction (last 90 days unless dated; 1,000 at most)',
            params: z.object({ format }),
            querystring: z.object({
              jurisdiction_id: optionalText(40),
              api_key: optionalText(100),
              service_request_id: optionalText(2000),
              service_code: optionalText(400),
              start_date: optionalDate,
              end_date: optionalDate,
              status: optionalText(20),
            }),
          },
        },
        async (req, reply) => {
          const q = req.query;
          const { school } = await jurisdiction(q.jurisdiction_id, q.api_key, false);
          const statuses = q.status?.split(',').map((s) => s.trim());
          if (statuses?.some((s) => s !== 'open' && s !== 'closed'))
            throw new Open311Error(400, 'status must be open or closed');
          const nos = q.service_request_id
            ?.split(',')
            .map((s) => s.trim())
            .filter(Boolean);
          // service_request_id overrides every other filter (the spec).
          const list = await svc.open311Requests(
            school.id,
            nos?.length
              ? { nos }
              : {
                  serviceCodes: q.service_code
                    ?.split(',')
                    .map((s) => s.trim())
                    .filter(Boolean),
                  from: q.start_date ? new Date(q.start_date) : undefined,
                  to: q.end_date ? new Date(q.end_date) : undefined,
                  status: statuses?.length === 1 ? (statuses[0] as 'open' | 'closed') : undefined,
                },
          );
          return send(reply, req.params.format, 'service_requests', list.map(requestView(baseOf(req))));
        },
      );

      o.get(
        `/requests/:id.:format`,
        {
          config,
          schema: {
            tags,
            summary: 'One request',
            params: z.object({ id: z.string().max(40), format }),
            querystring: z.object({
              jurisdiction_id: optionalText(40),
              api_key: optionalText(100),
            }),
          },
        },
        async (req, reply) => {
          const { school } = await jurisdiction(req.query.jurisdiction_id, req.query.api_key, false);
          const list = await svc.open311Requests(school.id, { nos: [req.params.id] });
          if (!list.length) throw new Open311Error(404, `service_request_id ${req.params.id} not found`);
          return send(reply, req.params.format, 'service_requests', list.map(requestView(baseOf(req))));
        },
      );

      o.get(
        `/tokens/:token.:format`,
        {
          config,
          schema: {
            tags,
            summary: 'The service_request_id behind a token',
            params: z.object({ token: z.string().max(64), format }),
            querystring: z.object({
              jurisdiction_id: optionalText(40),
              api_key: optionalText(100),
            }),
          },
        },
        async (req, reply) => {
          const { school } = await jurisdiction(req.query.jurisdiction_id, req.query.api_key, false);
          const no = await svc.open311Token(school.id, req.params.token);
          if (!no) throw new Open311Error(404, `token ${req.params.token} not found`);
          return send(reply, req.params.format, 'service_requests', [
            { service_request_id: no, token: req.params.token },
          ]);
        },
      );

      o.get(
        `/servicerequestupdates.:format`,
        {
          config,
          schema: {
            tags,
            summary: "mySociety's extension: updates of the jurisdiction's requests in a time window",
            params: z.object({ format }),
            querystring: z.object({
              jurisdiction_id: optionalText(40),
              api_key: optionalText(100),
              start_date: optionalDate,
              end_date: optionalDate,
            }),
          },
        },
        async (req, reply) => {
          const { school } = await jurisdiction(req.query.jurisdiction_id, req.query.api_key, false);
          const to = req.query.end_date ? new Date(req.query.end_date) : new Date();
          const from = req.query.start_date
            ? new Date(req.query.start_date)
            : new Date(to.getTime() - 86_400_000);
          const updates = await svc.open311Updates(school.id, from, to);
          return send(
            reply,
            req.params.format,
            'service_request_updates',
            updates.map((u) => ({
              update_id: u.id,
              service_request_id: u.no,
              // mySociety's extension: the extended status here, our own state as the external code.
              status: u.extended,
              updated_datetime: u.at,
              description: u.description,
              external_status_code: u.state,
            })),
          );
        },
      );

      o.get(
        `/media/:no/:key`,
        {
          config,
          schema: {
            tags,
            summary:
              "A public request's photo (its media_url): the address is made by the server, not guessable",
            params: z.object({ no: z.string().max(40), key: z.string().max(64) }),
          },
        },
        async (req, reply) => {
          const f = await svc.open311Media(req.params.no, req.params.key);
          if (!f) throw new Open311Error(404, 'no such media');
          reply.header('content-type', f.file.mime);
          reply.header('content-length', String(f.file.size));
          reply.header('x-content-type-options', 'nosniff');
          reply.header('cache-control', 'public, max-age=3600');
          return reply.send(f.stream);
        },
      );
    },
    { prefix: PREFIX },
  );
}
