import type { components } from '@anxiao/api-client';

/** The API's named shapes (the OpenAPI components). */
export type Schemas = components['schemas'];
/** The JSON body of a request or a response in the API's paths. */
export type JsonBody<T> = T extends { content: { 'application/json': infer B } } ? B : never;
/** The query of an operation in the API's paths. */
export type QueryOf<T> = T extends { parameters: { query?: infer Q } } ? NonNullable<Q> : never;

/** Every value of a union, in the order given; the compiler rejects a missing or unknown one. */
export function valuesOf<T extends string>(all: Record<T, true>): T[] {
  return Object.keys(all) as T[];
}
