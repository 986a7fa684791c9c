import { createHash, createHmac } from 'node:crypto';

/**
 * Aliyun OpenAPI signature V3 (ACS3-HMAC-SHA256), as documented in "V3版本请求体&签名机制"
 * (help.aliyun.com/zh/sdk/product-overview/v3-request-structure-and-signature). Chosen over the
 * older RPC signature (HMAC-SHA1 over the sorted query) because Aliyun recommends V3 for every
 * product the OpenAPI portal lists (dysmsapi and dyvmsapi included), it signs the body hash and the
 * x-acs-* headers too, and uses SHA-256 (decision 0022).
 */
export const ACS3_ALGORITHM = 'ACS3-HMAC-SHA256';

export interface Acs3Request {
  method: string;
  /** host[:port] exactly as the Host header carries it */
  host: string;
  /** the path; "/" for RPC-style APIs such as SendSms */
  path: string;
  /** query parameters (RPC APIs carry their business parameters here) */
  query: Record<string, string>;
  /** headers that take part in the signature besides host (x-acs-*, content-type) */
  headers: Record<string, string>;
  body: string | Buffer;
}

/**
 * Percent-encoding of the V3 document: UTF-8, RFC 3986 unreserved characters (A-Z a-z 0-9 - _ . ~)
 * kept, everything else %XX in upper case; so space is %20 (not +), * is %2A and ~ stays ~.
 */
export function acsPercentEncode(s: string): string {
  return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** CanonicalQueryString: parameters sorted by name (after encoding), `name=value` joined by &. */
export function acsCanonicalQuery(query: Record<string, string>): string {
  return Object.entries(query)
    .map(([k, v]) => [acsPercentEncode(k), acsPercentEncode(v)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
}

export const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');

/**
 * The canonical request of the document:
 *   HTTPRequestMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 *   SignedHeaders \n HashedRequestPayload
 * CanonicalHeaders: host, content-type and every x-acs-* header, names in lower case, values
 * trimmed, sorted by name, each line "name:value\n"; SignedHeaders: the same names joined by ";".
 */
export function acs3CanonicalRequest(req: Acs3Request): { canonical: string; signedHeaders: string } {
  const all: Record<string, string> = { host: req.host };
  for (const [k, v] of Object.entries(req.headers)) {
    const name = k.toLowerCase();
    if (name === 'content-type' || name.startsWith('x-acs-')) all[name] = v.trim();
  }
  const names = Object.keys(all).sort();
  const canonicalHeaders = names.map((n) => `${n}:${all[n]}\n`).join('');
  const signedHeaders = names.join(';');
  const canonical = [
    req.method.toUpperCase(),
    req.path || '/',
    acsCanonicalQuery(req.query),
    canonicalHeaders,
    signedHeaders,
    sha256Hex(req.body),
  ].join('\n');
  return { canonical, signedHeaders };
}

/**
 * StringToSign = "ACS3-HMAC-SHA256\n" + hex(sha256(CanonicalRequest));
 * Signature = lower-case hex(HMAC-SHA256(AccessKeySecret, StringToSign)).
 */
export function acs3Signature(req: Acs3Request, accessKeySecret: string) {
  const { canonical, signedHeaders } = acs3CanonicalRequest(req);
  const stringToSign = `${ACS3_ALGORITHM}\n${sha256Hex(canonical)}`;
  const signature = createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
  return { canonical, stringToSign, signedHeaders, signature };
}

/** Authorization: ACS3-HMAC-SHA256 Credential=<AccessKeyId>,SignedHeaders=<…>,Signature=<…> */
export function acs3Authorization(req: Acs3Request, accessKeyId: string, accessKeySecret: string): string {
  const { signedHeaders, signature } = acs3Signature(req, accessKeySecret);
  return `${ACS3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}
