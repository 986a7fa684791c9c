import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dingtalkSign, dingtalkSignedQuery, feishuSign } from './signing.js';

// The examples: each provider's documented algorithm run (in its documented Python) on the
// document's example secret and timestamp; test/fixtures/providers/*.json say where from.
const fixture = (name: string) =>
  JSON.parse(
    fs.readFileSync(new URL(`../../../../test/fixtures/providers/${name}.json`, import.meta.url), 'utf8'),
  ) as Record<string, unknown>;

describe('DingTalk 加签', () => {
  const ex = fixture('dingtalk').sign as {
    secret: string;
    timestamp: string;
    base64: string;
    urlEncoded: string;
  };

  it('signs timestamp + "\\n" + secret with the secret, Base64, as the document does', () => {
    expect(dingtalkSign(ex.timestamp, ex.secret)).toBe(ex.base64);
  });

  it('puts the URL-encoded sign and the timestamp in the query', () => {
    expect(dingtalkSignedQuery(Number(ex.timestamp), ex.secret)).toBe(
      `timestamp=${ex.timestamp}&sign=${ex.urlEncoded}`,
    );
  });

  it('changes with the timestamp and the secret', () => {
    expect(dingtalkSign(Number(ex.timestamp) + 1, ex.secret)).not.toBe(ex.base64);
    expect(dingtalkSign(ex.timestamp, `${ex.secret}!`)).not.toBe(ex.base64);
  });
});

describe('Feishu 签名校验', () => {
  const examples = fixture('feishu').sign as Array<{ timestamp: string; secret: string; sign: string }>;

  it.each(examples)('keys HMAC-SHA256 with timestamp + "\\n" + secret over nothing ($secret)', (ex) => {
    expect(feishuSign(ex.timestamp, ex.secret)).toBe(ex.sign);
  });

  it('is not the DingTalk signature of the same inputs', () => {
    const ex = examples[0]!;
    expect(feishuSign(ex.timestamp, ex.secret)).not.toBe(dingtalkSign(ex.timestamp, ex.secret));
  });
});
