import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChannelAdapter, OutboundMessage } from '../../src/kernel/notify/channel.js';
import { buildChannels, channelsConfig } from '../../src/kernel/notify/channels/index.js';
import { dingtalkDoc, startDingTalkContract, type DingTalkContract } from '../support/providers/dingtalk.js';
import { feishuDoc, startFeishuContract, type FeishuContract } from '../support/providers/feishu.js';
import { startAiosmtpd, type LocalSmtp } from '../support/providers/smtp.js';
import { startWeComContract, wecomDoc, type WeComContract } from '../support/providers/wecom.js';

/**
 * The WeCom, DingTalk, Feishu and SMTP adapters, built from their settings as at start-up, against
 * local servers that keep the providers' documented contracts (signatures checked there) and
 * against Debian's aiosmtpd. No database: these run wherever the services suite runs.
 */

const wecomAnswers = wecomDoc();
const dingAnswers = dingtalkDoc();
const feishuAnswers = feishuDoc();

function adapters(env: Record<string, string>): Map<string, ChannelAdapter> {
  return new Map(buildChannels(channelsConfig.parse(env), { fetch }).map((a) => [a.provider, a]));
}

let n = 0;
function message(to: string, extra: Partial<OutboundMessage> = {}): OutboundMessage {
  n++;
  return {
    attemptId: `att-${n}`,
    to,
    title: '一键报警：教学楼A座三层',
    body: '保安请立即前往处置。\n报警人：张老师',
    url: `https://anxiao.example.edu.cn/alarms/${n}`,
    ...extra,
  };
}

describe('WeCom application messages (企业微信 应用消息)', () => {
  let wecom: WeComContract;
  let app: ChannelAdapter;
  const settings = { corpId: 'ww0123456789abcdef', corpSecret: 'app-secret-for-tests', agentId: 1000002 };

  beforeAll(async () => {
    wecom = await startWeComContract({ ...settings, users: ['ZhangSan', 'lisi'], robotKeys: [] });
    app = adapters({
      NOTIFY_WECOM_CORP_ID: settings.corpId,
      NOTIFY_WECOM_CORP_SECRET: settings.corpSecret,
      NOTIFY_WECOM_AGENT_ID: String(settings.agentId),
      NOTIFY_WECOM_API_BASE: wecom.base,
    }).get('wecom-app')!;
  });
  afterAll(() => wecom?.close());

  it('sends the person a card with the link, fetching one token for many messages', async () => {
    const results = await Promise.all(['ZhangSan', 'lisi', 'ZhangSan'].map((to) => app.send(message(to))));
    for (const r of results) expect(r).toMatchObject({ ok: true, receiptExpected: false });
    expect(results[0]).toMatchObject({ providerMessageId: expect.stringMatching(/^msg-/) });
    expect(wecom.gettokenCalls).toBe(1);
    const card = wecom.messages[0]!;
    expect(card).toMatchObject({ touser: 'ZhangSan', msgtype: 'textcard', agentid: settings.agentId });
    expect(card.textcard).toMatchObject({
      title: '一键报警：教学楼A座三层',
      url: expect.stringMatching(/\/alarms\/\d+$/),
    });
    expect(card.textcard?.description).toContain('报警人：张老师');
  });

  it('sends plain text when there is no object to link to', async () => {
    const r = await app.send(message('lisi', { url: undefined }));
    expect(r.ok).toBe(true);
    expect(wecom.messages.at(-1)).toMatchObject({
      msgtype: 'text',
      text: { content: expect.stringContaining('报警人') },
    });
  });

  it('fetches a new token when WeCom revokes the cached one early (42001) and sends once more', async () => {
    const calls = wecom.gettokenCalls;
    const sentBefore = wecom.messages.length;
    wecom.revokeToken();
    const r = await app.send(message('ZhangSan'));
    expect(r.ok).toBe(true);
    expect(wecom.sendAnswers.slice(-2)).toEqual([42001, 0]);
    expect(wecom.gettokenCalls).toBe(calls + 1);
    expect(wecom.messages.length).toBe(sentBefore + 1);
  });

  it('does not use a token past its expires_in', async () => {
    wecom.revokeToken();
    wecom.tokenLifetime(2);
    expect((await app.send(message('lisi'))).ok).toBe(true); // 42001, new token living 2 s
    const calls = wecom.gettokenCalls;
    const answers = wecom.sendAnswers.length;
    await new Promise((r) => setTimeout(r, 2100));
    expect((await app.send(message('lisi'))).ok).toBe(true);
    expect(wecom.gettokenCalls).toBe(calls + 1);
    // the expired token was never offered: the one send was answered 0 straight away
    expect(wecom.sendAnswers.slice(answers)).toEqual([0]);
    wecom.tokenLifetime(7200);
  });

  it('tries once more after an invalid token (40014), and only once', async () => {
    wecom.failNext('send', wecomAnswers.messageSend.invalidToken);
    expect((await app.send(message('ZhangSan'))).ok).toBe(true);
    wecom.failNext('send', wecomAnswers.messageSend.invalidToken);
    wecom.failNext('send', wecomAnswers.messageSend.invalidToken);
    const before = wecom.sendAnswers.length;
    expect(await app.send(message('ZhangSan'))).toMatchObject({ ok: false, code: '40014' });
    expect(wecom.sendAnswers.slice(before)).toEqual([40014, 40014]);
  });

  it('never sends to several people or the whole company through one address', async () => {
    const before = wecom.messages.length;
    for (const to of ['@all', 'ZhangSan|lisi']) {
      expect(await app.send(message(to))).toMatchObject({
        ok: false,
        retryable: false,
        code: 'address.invalid',
      });
    }
    expect(wecom.messages.length).toBe(before);
  });

  it('fails for good a person WeCom does not know (invaliduser)', async () => {
    const r = await app.send(message('wangwu'));
    expect(r).toMatchObject({ ok: false, retryable: false, code: 'invaliduser' });
    expect(r.ok === false && r.reason).toContain('wangwu');
  });

  it.each([
    ['system busy (-1)', wecomAnswers.messageSend.busy, '-1'],
    ['over the call limit (45009)', wecomAnswers.messageSend.freqOutOfLimit, '45009'],
  ])('answers %s as worth another try', async (_label, answer, code) => {
    wecom.failNext('send', answer);
    expect(await app.send(message('ZhangSan'))).toMatchObject({ ok: false, retryable: true, code });
    expect((await app.send(message('ZhangSan'))).ok).toBe(true);
  });

  it('refuses to send with a wrong secret, naming the gettoken error and never the secret', async () => {
    const wrong = adapters({
      NOTIFY_WECOM_CORP_ID: settings.corpId,
      NOTIFY_WECOM_CORP_SECRET: 'not-the-secret',
      NOTIFY_WECOM_AGENT_ID: String(settings.agentId),
      NOTIFY_WECOM_API_BASE: wecom.base,
    }).get('wecom-app')!;
    const r = await wrong.send(message('ZhangSan'));
    expect(r).toMatchObject({ ok: false, retryable: false, code: 'gettoken.40001' });
    expect(JSON.stringify(r)).not.toContain('not-the-secret');
  });

  it('reports a provider that cannot be reached as worth another try', async () => {
    const gone = adapters({
      NOTIFY_WECOM_CORP_ID: settings.corpId,
      NOTIFY_WECOM_CORP_SECRET: settings.corpSecret,
      NOTIFY_WECOM_AGENT_ID: String(settings.agentId),
      NOTIFY_WECOM_API_BASE: 'http://127.0.0.1:1',
    }).get('wecom-app')!;
    expect(await gone.send(message('ZhangSan'))).toMatchObject({
      ok: false,
      retryable: true,
      code: 'network',
    });
  });
});

describe('WeCom group robot (群机器人)', () => {
  let wecom: WeComContract;
  let robot: ChannelAdapter;
  const key = '693a91f6-7a0c-4bc4-97a0-0ec2f1fa5aaa';

  beforeAll(async () => {
    wecom = await startWeComContract({
      corpId: 'x',
      corpSecret: 'x',
      agentId: 1,
      users: [],
      robotKeys: [key],
    });
    robot = adapters({
      NOTIFY_WECOM_ROBOTS: `保卫处=${key},old=0000aaaa-0000-0000-0000-000000000000`,
      NOTIFY_WECOM_API_BASE: wecom.base,
    }).get('wecom-robot')!;
  });
  afterAll(() => wecom?.close());

  it('posts markdown with the link to the named robot, or text mentioning the person', async () => {
    expect(await robot.send(message('保卫处'))).toMatchObject({ ok: true, receiptExpected: false });
    expect(wecom.robotMessages[0]).toMatchObject({ key, body: { msgtype: 'markdown' } });
    expect(wecom.robotMessages[0]!.body.markdown?.content).toMatch(
      /\*\*一键报警：教学楼A座三层\*\*[\s\S]*\[查看详情\]\(https:/,
    );
    expect((await robot.send(message('保卫处/zhangsan'))).ok).toBe(true);
    expect(wecom.robotMessages[1]!.body).toMatchObject({
      msgtype: 'text',
      text: { mentioned_list: ['zhangsan'] },
    });
  });

  it('fails for good on a robot removed from its group (93000) or one never configured', async () => {
    expect(await robot.send(message('old'))).toMatchObject({ ok: false, retryable: false, code: '93000' });
    expect(await robot.send(message('校办'))).toMatchObject({
      ok: false,
      retryable: false,
      code: 'robot.unknown',
    });
  });

  it('retries when over the 20 a minute', async () => {
    wecom.failNext('robot', wecomAnswers.robot.freqOutOfLimit);
    expect(await robot.send(message('保卫处'))).toMatchObject({ ok: false, retryable: true, code: '45009' });
  });
});

describe('DingTalk custom robot, signed (钉钉 加签)', () => {
  let ding: DingTalkContract;
  let robot: ChannelAdapter;
  const token = 'b10deee3d9e2dbc21ce57eb9f80da23a643ebe83154dd6b086486da2c833acb6';
  const secret = 'SECf094e0d33f0a1b2c3d4e5f60718293a4b5c6d7e8f9';

  beforeAll(async () => {
    ding = await startDingTalkContract([{ token, secret }]);
    robot = adapters({
      NOTIFY_DINGTALK_ROBOTS: `保卫处=${token}:${secret}`,
      NOTIFY_DINGTALK_API_BASE: ding.base,
    }).get('dingtalk-robot')!;
  });
  afterAll(() => ding?.close());

  it('is accepted with its signature, as markdown with the link, mentioning the person', async () => {
    expect(await robot.send(message('保卫处'))).toMatchObject({ ok: true, receiptExpected: false });
    expect(ding.messages[0]!.body).toMatchObject({
      msgtype: 'markdown',
      markdown: { title: '一键报警：教学楼A座三层' },
    });
    expect(ding.messages[0]!.body.markdown?.text).toContain('[查看详情](https://');
    expect((await robot.send(message('保卫处/user123', { url: undefined }))).ok).toBe(true);
    expect(ding.messages[1]!.body).toMatchObject({
      msgtype: 'text',
      text: { content: expect.stringContaining('@user123') },
      at: { atUserIds: ['user123'] },
    });
  });

  it('is refused with a wrong secret (310000 sign not match), for good', async () => {
    const wrong = adapters({
      NOTIFY_DINGTALK_ROBOTS: `保卫处=${token}:SECnot-the-secret`,
      NOTIFY_DINGTALK_API_BASE: ding.base,
    }).get('dingtalk-robot')!;
    const r = await wrong.send(message('保卫处'));
    expect(r).toMatchObject({ ok: false, retryable: false, code: '310000' });
    expect(r.ok === false && r.reason).toMatch(/sign not match/);
    expect(ding.answers.at(-1)).toBe(310000);
  });

  it('is refused when the clocks are more than an hour apart (invalid timestamp)', async () => {
    ding.clockAheadMs = 61 * 60 * 1000;
    const r = await robot.send(message('保卫处'));
    ding.clockAheadMs = 0;
    expect(r).toMatchObject({ ok: false, retryable: false, code: '310000' });
    expect(r.ok === false && r.reason).toMatch(/invalid timestamp/);
  });

  it('retries when DingTalk throttles (130101) or is busy (-1)', async () => {
    ding.failNext(dingAnswers.sendTooFast);
    expect(await robot.send(message('保卫处'))).toMatchObject({ ok: false, retryable: true, code: '130101' });
    ding.failNext(dingAnswers.busy);
    expect(await robot.send(message('保卫处'))).toMatchObject({ ok: false, retryable: true, code: '-1' });
  });
});

describe('Feishu custom bot, signed (飞书 签名校验)', () => {
  let feishu: FeishuContract;
  let bot: ChannelAdapter;
  const hook = '5e3d587e-d78e-4a07-bd07-265f269f86fd';
  const secret = 'nIMtb7r3N9pkXyXdtAbx6e';

  beforeAll(async () => {
    feishu = await startFeishuContract([{ hook, secret }]);
    bot = adapters({
      NOTIFY_FEISHU_ROBOTS: `校办=${hook}:${secret}`,
      NOTIFY_FEISHU_API_BASE: feishu.base,
    }).get('feishu-bot')!;
  });
  afterAll(() => feishu?.close());

  it('is accepted with its signature, as rich text with the link and the person', async () => {
    expect(await bot.send(message('校办/ou_18eac8'))).toMatchObject({ ok: true, receiptExpected: false });
    const post = feishu.messages[0]!.body.content.post?.zh_cn;
    expect(post?.title).toBe('一键报警：教学楼A座三层');
    expect(post?.content).toContainEqual([
      { tag: 'a', text: '查看详情', href: expect.stringMatching(/^https:/) },
    ]);
    expect(post?.content).toContainEqual([{ tag: 'at', user_id: 'ou_18eac8' }]);
  });

  it('is refused with a wrong secret or a stale timestamp (19021), for good', async () => {
    const wrong = adapters({
      NOTIFY_FEISHU_ROBOTS: `校办=${hook}:not-the-secret`,
      NOTIFY_FEISHU_API_BASE: feishu.base,
    }).get('feishu-bot')!;
    expect(await wrong.send(message('校办'))).toMatchObject({ ok: false, retryable: false, code: '19021' });
    feishu.clockAheadMs = 2 * 60 * 60 * 1000;
    const stale = await bot.send(message('校办'));
    feishu.clockAheadMs = 0;
    expect(stale).toMatchObject({ ok: false, retryable: false, code: '19021' });
    expect(stale.ok === false && stale.reason).toMatch(/within one hour/);
  });

  it('retries when Feishu limits the frequency (11232)', async () => {
    feishu.failNext(feishuAnswers.frequencyLimited);
    expect(await bot.send(message('校办'))).toMatchObject({ ok: false, retryable: true, code: '11232' });
    expect((await bot.send(message('校办'))).ok).toBe(true);
  });
});

describe('E-mail over SMTP (nodemailer → aiosmtpd)', () => {
  let smtp: LocalSmtp;
  let mail: ChannelAdapter;

  beforeAll(async () => {
    smtp = await startAiosmtpd();
    mail = adapters({
      NOTIFY_SMTP_HOST: smtp.host,
      NOTIFY_SMTP_PORT: String(smtp.port),
      NOTIFY_SMTP_SECURITY: 'none',
      NOTIFY_SMTP_FROM: '安校平台 <noreply@anxiao.example.edu.cn>',
    }).get('smtp')!;
  });
  afterAll(() => smtp?.stop());

  it('delivers a UTF-8 subject, a plain and an HTML body with the link to the object', async () => {
    const msg = message('zhang.san@school.example.edu.cn', {
      body: '请于今日17:00前完成整改。\n地点：<实验楼>',
    });
    const r = await mail.send(msg);
    expect(r).toMatchObject({
      ok: true,
      receiptExpected: false,
      providerMessageId: expect.stringMatching(/^<.+>$/),
    });
    const [stored] = smtp.messages();
    expect(stored!.rcptTos).toEqual(['zhang.san@school.example.edu.cn']);
    expect(stored!.mailFrom).toBe('noreply@anxiao.example.edu.cn');
    expect(stored!.subject).toBe('一键报警：教学楼A座三层');
    expect(stored!.raw).toMatch(/^Subject: =\?UTF-8\?/im); // encoded word, as RFC 2047 asks
    expect(stored!.from).toContain('安校平台');
    expect(stored!.text).toContain('请于今日17:00前完成整改。');
    expect(stored!.text).toContain(`查看详情: ${msg.url}`);
    expect(stored!.html).toContain(`<a href="${msg.url}">查看详情</a>`);
    expect(stored!.html).toContain('地点：&lt;实验楼&gt;');
    expect(stored!.headers['X-Anxiao-Attempt']).toBe(msg.attemptId);
  });

  it('fails for good when the server refuses the recipient (550), and retries on 451', async () => {
    const refused = await mail.send(message('refuse.me@school.example.edu.cn'));
    expect(refused).toMatchObject({ ok: false, retryable: false, code: 'smtp.550' });
    expect(refused.ok === false && refused.reason).toMatch(/mailbox unavailable/);
    const later = await mail.send(message('later@school.example.edu.cn'));
    expect(later).toMatchObject({ ok: false, retryable: true, code: 'smtp.451' });
    expect(smtp.messages()).toHaveLength(1);
  });

  it('never sends in clear when STARTTLS is asked for and the server offers none', async () => {
    const strict = adapters({
      NOTIFY_SMTP_HOST: smtp.host,
      NOTIFY_SMTP_PORT: String(smtp.port),
      NOTIFY_SMTP_FROM: 'noreply@anxiao.example.edu.cn',
    }).get('smtp')!;
    const before = smtp.messages().length;
    const r = await strict.send(message('zhang.san@school.example.edu.cn'));
    expect(r).toMatchObject({ ok: false, retryable: false, code: 'smtp.tls' });
    expect(smtp.messages()).toHaveLength(before);
  });

  it('refuses what is not an address, and retries when the server is down', async () => {
    expect(await mail.send(message('not an address'))).toMatchObject({ ok: false, retryable: false });
    const down = adapters({
      NOTIFY_SMTP_HOST: '127.0.0.1',
      NOTIFY_SMTP_PORT: '1',
      NOTIFY_SMTP_SECURITY: 'none',
      NOTIFY_SMTP_FROM: 'noreply@anxiao.example.edu.cn',
    }).get('smtp')!;
    expect(await down.send(message('zhang.san@school.example.edu.cn'))).toMatchObject({
      ok: false,
      retryable: true,
    });
  });
});

describe('E-mail over SMTP with STARTTLS (aiosmtpd refusing mail in clear)', () => {
  let smtp: LocalSmtp;
  const settings = () => ({
    NOTIFY_SMTP_HOST: smtp.host,
    NOTIFY_SMTP_PORT: String(smtp.port),
    NOTIFY_SMTP_SECURITY: 'starttls',
    NOTIFY_SMTP_FROM: 'noreply@anxiao.example.edu.cn',
  });

  beforeAll(async () => {
    smtp = await startAiosmtpd({ starttls: true });
  });
  afterAll(() => smtp?.stop());

  it('upgrades the connection and delivers, trusting the school’s own CA', async () => {
    const mail = adapters({ ...settings(), NOTIFY_SMTP_CA_FILE: smtp.caFile! }).get('smtp')!;
    expect(await mail.send(message('zhang.san@school.example.edu.cn'))).toMatchObject({ ok: true });
    expect(smtp.messages().map((m) => m.subject)).toEqual(['一键报警：教学楼A座三层']);
  });

  it('refuses a certificate it cannot trust, for good', async () => {
    const mail = adapters(settings()).get('smtp')!;
    const r = await mail.send(message('zhang.san@school.example.edu.cn'));
    expect(r).toMatchObject({ ok: false, retryable: false, code: 'smtp.tls' });
    expect(smtp.messages()).toHaveLength(1);
  });
});
