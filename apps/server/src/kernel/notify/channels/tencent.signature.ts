import { createHash, createHmac } from 'node:crypto';

/**
 * TencentCloud API 3.0 signature v3 (TC3-HMAC-SHA256), as documented in "签名方法 v3"
 * (the common API 3.0 page every product carries, e.g. cloud.tencent.com/document/api/362/4208).
 */
export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export interface Tc3Request {
  method: string;
  /** the service's short name, the first label of its host: "sms" for sms.tencentcloudapi.com */
  service: string;
  host: string;
  path: string;
  /** the query string as sent ("" for POST) */
  query: string;
  /** the headers that are signed; the document requires content-type and host at least */
  headers: Record<string, string>;
  payload: string | Buffer;
  /** X-TC-Timestamp: Unix seconds */
  timestamp: number;
}

const sha256Hex = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();

/** Date of the credential scope: the UTC date of X-TC-Timestamp, YYYY-MM-DD. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

/**
 * CanonicalRequest = HTTPRequestMethod \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
 * SignedHeaders \n HashedRequestPayload. Header names and values in lower case ("content-type:
 * application/json; charset=utf-8", "host:…", "x-tc-action:sendsms"), sorted by name, each line
 * ending in \n; SignedHeaders the names joined by ";".
 */
export function tc3CanonicalRequest(req: Tc3Request): { canonical: string; signedHeaders: string } {
  const lower: Record<string, string> = {};
  for (const [k, v] of Object.entries(req.headers)) lower[k.toLowerCase()] = v.trim().toLowerCase();
  lower.host = req.host.toLowerCase();
  const names = Object.keys(lower).sort();
  const canonicalHeaders = names.map((n) => `${n}:${lower[n]}\n`).join('');
  const signedHeaders = names.join(';');
  const canonical = [
    req.method.toUpperCase(),
    req.path || '/',
    req.query,
    canonicalHeaders,
    signedHeaders,
    sha256Hex(req.payload),
  ].join('\n');
  return { canonical, signedHeaders };
}

/**
 * StringToSign = Algorithm \n RequestTimestamp \n CredentialScope \n hex(sha256(CanonicalRequest)),
 * CredentialScope = Date/service/tc3_request. The key is derived
 *   SecretDate = HMAC("TC3" + SecretKey, Date); SecretService = HMAC(SecretDate, service);
 *   SecretSigning = HMAC(SecretService, "tc3_request"),
 * and Signature = hex(HMAC(SecretSigning, StringToSign)).
 */
export function tc3Signature(req: Tc3Request, secretKey: string) {
  const { canonical, signedHeaders } = tc3CanonicalRequest(req);
  const date = tc3Date(req.timestamp);
  const scope = `${date}/${req.service}/tc3_request`;
  const stringToSign = [TC3_ALGORITHM, String(req.timestamp), scope, sha256Hex(canonical)].join('\n');
  const secretDate = hmac(`TC3${secretKey}`, date);
  const secretService = hmac(secretDate, req.service);
  const secretSigning = hmac(secretService, 'tc3_request');
  const signature = createHmac('sha256', secretSigning).update(stringToSign).digest('hex');
  return { canonical, stringToSign, signedHeaders, scope, signature };
}

/** Authorization: TC3-HMAC-SHA256 Credential=<SecretId>/<scope>, SignedHeaders=<…>, Signature=<…> */
export function tc3Authorization(req: Tc3Request, secretId: string, secretKey: string): string {
  const { scope, signedHeaders, signature } = tc3Signature(req, secretKey);
  return `${TC3_ALGORITHM} Credential=${secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
}
