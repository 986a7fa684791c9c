import { createHmac, timingSafeEqual } from 'node:crypto';
import { fixture, jsonObject, startJsonServer, str } from './im-server.js';

/**
 * DingTalk's (钉钉) custom robots as documented (test/fixtures/providers/dingtalk.json): POST
 * /robot/send?access_token=…&timestamp=…&sign=…, with 加签 checked here on its own, as the document
 * states it (not with the adapter's code): HmacSHA256 keyed by the secret over timestamp + "\n" +
 * secret, Base64, the timestamp in milliseconds within one hour of DingTalk's clock.
 */

export type DingTalkAnswer = { errcode: number; errmsg: string };
type Answer = DingTalkAnswer;

/** The documented answers kept in test/fixtures/providers/dingtalk.json. */
export type DingTalkDoc = Record<
  'ok' | 'signNotMatch' | 'invalidTimestamp' | 'tokenNotExist' | 'sendTooFast' | 'busy',
  Answer
>;

export const dingtalkDoc = () => fixture<DingTalkDoc>('dingtalk');

/** A robot message as DingTalk received it. */
export interface DingTalkMessage {
  msgtype: 'text' | 'markdown';
  text?: { content: string };
  markdown?: { title: string; text: string };
  at?: { atUserIds?: string[]; atMobiles?: string[]; isAtAll?: boolean };
}

export interface DingTalkContract {
  base: string;
  /** messages accepted, with the robot's access_token */
  messages: Array<{ token: string; body: DingTalkMessage }>;
  /** every errcode answered, in order */
  answers: number[];
  /** DingTalk's clock, ahead of ours by this much (a stale timestamp is refused) */
  clockAheadMs: number;
  failNext(answer: Answer): void;
  close(): Promise<void>;
}

export async function startDingTalkContract(
  robots: Array<{ token: string; secret: string }>,
): Promise<DingTalkContract> {
  const doc = dingtalkDoc();
  const failing: Answer[] = [];

  const verify = (q: URLSearchParams, secret: string): Answer | null => {
    const timestamp = q.get('timestamp') ?? '';
    const sign = q.get('sign') ?? ''; // URLSearchParams has undone the URL-encoding
    if (!/^\d{13}$/.test(timestamp)) return doc.invalidTimestamp;
    if (Math.abs(Date.now() + state.clockAheadMs - Number(timestamp)) > 60 * 60 * 1000)
      return doc.invalidTimestamp;
    const expected = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest();
    const given = Buffer.from(sign, 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return doc.signNotMatch;
    return null;
  };

  const handle = (q: URLSearchParams, raw: string): Answer => {
    const token = q.get('access_token') ?? '';
    const robot = robots.find((r) => r.token === token);
    if (!robot) return doc.tokenNotExist;
    const refused = verify(q, robot.secret);
    if (refused) return refused;
    const fail = failing.shift();
    if (fail) return fail;
    const body = jsonObject(raw);
    const ok =
      body?.msgtype === 'text'
        ? !!str(body, 'text', 'content')
        : body?.msgtype === 'markdown'
          ? str(body, 'markdown', 'title') !== undefined && str(body, 'markdown', 'text') !== undefined
          : false;
    if (!body || !ok) return { errcode: 40035, errmsg: '缺少参数 json' };
    state.messages.push({ token, body: body as unknown as DingTalkMessage });
    return doc.ok;
  };

  const server = await startJsonServer((req) => {
    if (req.method !== 'POST' || req.path !== '/robot/send')
      return { status: 404, body: { errcode: 404, errmsg: '请求的URI地址不存在' } };
    const answer = handle(req.query, req.raw);
    state.answers.push(answer.errcode);
    return { body: answer };
  });

  const state: DingTalkContract = {
    base: server.base,
    messages: [],
    answers: [],
    clockAheadMs: 0,
    failNext(answer) {
      failing.push(answer);
    },
    close: () => server.close(),
  };
  return state;
}
