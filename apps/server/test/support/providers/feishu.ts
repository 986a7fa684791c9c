import { createHmac, timingSafeEqual } from 'node:crypto';
import { at, fixture, jsonObject, startJsonServer, str, type JsonAnswer } from './im-server.js';

/**
 * Feishu/Lark (飞书) custom bots as documented (test/fixtures/providers/feishu.json): POST
 * /open-apis/bot/v2/hook/{hook_id} with `timestamp` (seconds) and `sign` in the body; 签名校验 checked
 * here on its own as the guide states it: HMAC-SHA256 keyed by timestamp + "\n" + secret over an
 * empty message, Base64, the timestamp within one hour (19021 otherwise); a body over 20 KB or of an
 * unknown shape is 9499 Bad Request.
 */

export type FeishuAnswer = { code: number; msg: string; data?: unknown };
type Answer = FeishuAnswer;

/** The documented answers kept in test/fixtures/providers/feishu.json. */
export type FeishuDoc = Record<
  'ok' | 'badRequest' | 'signFail' | 'ipNotAllowed' | 'keyWordsNotFound' | 'invalidHook' | 'frequencyLimited',
  Answer
>;

export const feishuDoc = () => fixture<FeishuDoc>('feishu');

/** One element of a rich-text (post) line. */
export type FeishuPostElement = { tag: string; text?: string; href?: string; user_id?: string };

/** A bot message as Feishu received it. */
export interface FeishuMessage {
  timestamp: string;
  sign: string;
  msg_type: 'text' | 'post';
  content: { text?: string; post?: Record<string, { title?: string; content: FeishuPostElement[][] }> };
}

export interface FeishuContract {
  base: string;
  /** messages accepted, with the hook id */
  messages: Array<{ hook: string; body: FeishuMessage }>;
  /** every code answered, in order */
  answers: number[];
  /** Feishu's clock, ahead of ours by this much */
  clockAheadMs: number;
  failNext(answer: Answer): void;
  close(): Promise<void>;
}

export async function startFeishuContract(
  bots: Array<{ hook: string; secret: string }>,
): Promise<FeishuContract> {
  const doc = feishuDoc();
  const failing: Answer[] = [];

  const handle = (hook: string, raw: string): JsonAnswer => {
    const bot = bots.find((b) => b.hook === hook);
    if (!bot) return { body: doc.invalidHook };
    if (Buffer.byteLength(raw) > 20 * 1024) return { status: 400, body: doc.badRequest };
    const body = jsonObject(raw);
    if (!body) return { status: 400, body: doc.badRequest };
    const timestamp = str(body, 'timestamp') ?? '';
    const now = (Date.now() + state.clockAheadMs) / 1000;
    if (!/^\d{10}$/.test(timestamp) || Math.abs(now - Number(timestamp)) > 3600)
      return { body: doc.signFail };
    const expected = createHmac('sha256', `${timestamp}\n${bot.secret}`).update('').digest();
    const given = Buffer.from(str(body, 'sign') ?? '', 'base64');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { body: doc.signFail };
    const fail = failing.shift();
    if (fail) return { body: fail };
    const post = at(body, 'content', 'post');
    const shaped =
      body.msg_type === 'text'
        ? str(body, 'content', 'text') !== undefined
        : body.msg_type === 'post'
          ? !!post &&
            typeof post === 'object' &&
            !Array.isArray(post) &&
            Object.values(post).every((lang) => Array.isArray(at(lang, 'content')))
          : false;
    if (!shaped) return { status: 400, body: doc.badRequest };
    state.messages.push({ hook, body: body as unknown as FeishuMessage });
    return { body: doc.ok };
  };

  const server = await startJsonServer((req) => {
    const m = /^\/open-apis\/bot\/v2\/hook\/([^/]+)$/.exec(req.path);
    if (req.method !== 'POST' || !m) return { status: 404, body: { code: 404, msg: 'not found' } };
    const answer = handle(decodeURIComponent(m[1]!), req.raw);
    state.answers.push((answer.body as Answer).code);
    return answer;
  });

  const state: FeishuContract = {
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
