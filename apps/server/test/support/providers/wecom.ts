import { randomBytes } from 'node:crypto';
import { fixture, jsonObject, startJsonServer, str, type JsonAnswer } from './im-server.js';

/**
 * WeCom's (企业微信) far end as its documents describe it (test/fixtures/providers/wecom.json):
 * gettoken issuing an access_token for the right corpid + corpsecret and giving the same one back
 * while it lives ("有效期内重复获取返回相同结果"), message/send checking the token (41001 missing,
 * 40014 not one we issued, 42001 expired or revoked) and the recipients (invaliduser, 81013 when none
 * is known), and the group robots' webhook/send by key (93000 for an unknown key).
 */

export type WeComAnswer = { errcode: number; errmsg: string } & Record<string, unknown>;
type Answer = WeComAnswer;

/** The documented answers kept in test/fixtures/providers/wecom.json. */
export interface WeComDoc {
  gettoken: Record<'ok' | 'invalidCorpId' | 'invalidSecret', Answer>;
  messageSend: Record<
    | 'ok'
    | 'allInvalid'
    | 'invalidToken'
    | 'tokenExpired'
    | 'tokenMissing'
    | 'busy'
    | 'freqOutOfLimit'
    | 'noPrivilege',
    Answer
  >;
  robot: Record<'ok' | 'invalidKey' | 'freqOutOfLimit' | 'invalidMsgtype', Answer>;
}

export const wecomDoc = () => fixture<WeComDoc>('wecom');

/** An application message as WeCom received it (发送应用消息). */
export interface WeComAppMessage {
  touser: string;
  msgtype: 'text' | 'textcard';
  agentid: number;
  text?: { content: string };
  textcard?: { title: string; description: string; url: string; btntxt?: string };
}

/** A group robot's message as WeCom received it. */
export interface WeComRobotMessage {
  msgtype: 'text' | 'markdown';
  text?: { content: string; mentioned_list?: string[] };
  markdown?: { content: string };
}

export interface WeComContract {
  base: string;
  /** how many times gettoken was called */
  gettokenCalls: number;
  /** application messages accepted, as sent */
  messages: WeComAppMessage[];
  /** robot messages accepted, with the robot's key */
  robotMessages: Array<{ key: string; body: WeComRobotMessage }>;
  /** every errcode message/send answered, in order */
  sendAnswers: number[];
  /** WeCom revokes the current token before its time (the adapter must fetch a new one) */
  revokeToken(): void;
  /** the expires_in of tokens issued from now on */
  tokenLifetime(seconds: number): void;
  /** the next call of that endpoint answers this (e.g. fixture('wecom').messageSend.busy) */
  failNext(endpoint: 'gettoken' | 'send' | 'robot', answer: Answer): void;
  close(): Promise<void>;
}

export async function startWeComContract(opts: {
  corpId: string;
  corpSecret: string;
  agentId: number;
  /** the members the application may reach (成员UserID) */
  users: string[];
  robotKeys: string[];
}): Promise<WeComContract> {
  const doc = wecomDoc();
  const issued = new Map<string, number>(); // token → expires at (ms)
  let current: string | null = null;
  let lifetime = 7200;
  const failing: Record<'gettoken' | 'send' | 'robot', Answer[]> = { gettoken: [], send: [], robot: [] };
  const users = new Set(opts.users.map((u) => u.toLowerCase()));

  const gettoken = (q: URLSearchParams): JsonAnswer => {
    state.gettokenCalls++;
    const fail = failing.gettoken.shift();
    if (fail) return { body: fail };
    if (q.get('corpid') !== opts.corpId) return { body: doc.gettoken.invalidCorpId };
    if (q.get('corpsecret') !== opts.corpSecret) return { body: doc.gettoken.invalidSecret };
    const now = Date.now();
    if (!current || (issued.get(current) ?? 0) <= now) {
      current = `tok-${randomBytes(12).toString('hex')}`;
      issued.set(current, now + lifetime * 1000);
    }
    const left = Math.max(1, Math.round(((issued.get(current) ?? now) - now) / 1000));
    return { body: { ...doc.gettoken.ok, access_token: current, expires_in: left } };
  };

  /** 41001 / 40014 / 42001, or null when the token is good. */
  const tokenProblem = (q: URLSearchParams): Answer | null => {
    const token = q.get('access_token');
    if (!token) return doc.messageSend.tokenMissing;
    const until = issued.get(token);
    if (until === undefined) return doc.messageSend.invalidToken;
    if (until <= Date.now()) return doc.messageSend.tokenExpired;
    return null;
  };

  const send = (q: URLSearchParams, raw: string): Answer => {
    const problem = tokenProblem(q);
    if (problem) return problem;
    const fail = failing.send.shift();
    if (fail) return fail;
    const body = jsonObject(raw);
    if (!body) return { errcode: 40058, errmsg: 'invalid json' };
    if (body.agentid !== opts.agentId) return doc.messageSend.noPrivilege;
    if (body.msgtype !== 'text' && body.msgtype !== 'textcard') return doc.robot.invalidMsgtype;
    const filled =
      body.msgtype === 'text'
        ? !!str(body, 'text', 'content')
        : !!(
            str(body, 'textcard', 'title') &&
            str(body, 'textcard', 'description') &&
            str(body, 'textcard', 'url')
          );
    if (!filled) return { errcode: 44004, errmsg: 'empty content' };
    // text: "最长不超过2048个字节"
    if (Buffer.byteLength(str(body, 'text', 'content') ?? '') > 2048)
      return { errcode: 45002, errmsg: 'content size out of limit' };
    const to = (str(body, 'touser') ?? '')
      .split('|')
      .map((u) => u.trim().toLowerCase())
      .filter(Boolean);
    const invalid = to.filter((u) => !users.has(u));
    if (invalid.length === to.length)
      return { ...doc.messageSend.allInvalid, invaliduser: invalid.join('|') };
    state.messages.push(body as unknown as WeComAppMessage);
    return {
      ...doc.messageSend.ok,
      invaliduser: invalid.join('|'),
      invalidparty: '',
      invalidtag: '',
      unlicenseduser: '',
      msgid: `msg-${randomBytes(8).toString('hex')}`,
    };
  };

  const robot = (q: URLSearchParams, raw: string): Answer => {
    const key = q.get('key') ?? '';
    if (!opts.robotKeys.includes(key)) return doc.robot.invalidKey;
    const fail = failing.robot.shift();
    if (fail) return fail;
    const body = jsonObject(raw);
    if (!body || (body.msgtype !== 'text' && body.msgtype !== 'markdown')) return doc.robot.invalidMsgtype;
    const text = body.msgtype === 'text' ? str(body, 'text', 'content') : str(body, 'markdown', 'content');
    // text: 2048 bytes at most, markdown: 4096, both UTF-8.
    const max = body.msgtype === 'text' ? 2048 : 4096;
    if (!text || Buffer.byteLength(text) > max)
      return { errcode: 44004, errmsg: 'empty content or too long' };
    state.robotMessages.push({ key, body: body as unknown as WeComRobotMessage });
    return doc.robot.ok;
  };

  const server = await startJsonServer((req) => {
    if (req.method === 'GET' && req.path === '/cgi-bin/gettoken') return gettoken(req.query);
    if (req.method === 'POST' && req.path === '/cgi-bin/message/send') {
      const answer = send(req.query, req.raw);
      state.sendAnswers.push(answer.errcode);
      return { body: answer };
    }
    if (req.method === 'POST' && req.path === '/cgi-bin/webhook/send')
      return { body: robot(req.query, req.raw) };
    return { status: 404, body: { errcode: 404, errmsg: 'not found' } };
  });

  const state: WeComContract = {
    base: server.base,
    gettokenCalls: 0,
    messages: [],
    robotMessages: [],
    sendAnswers: [],
    revokeToken() {
      if (current) issued.set(current, 0);
    },
    tokenLifetime(seconds) {
      lifetime = seconds;
    },
    failNext(endpoint, answer) {
      failing[endpoint].push(answer);
    },
    close: () => server.close(),
  };
  return state;
}
