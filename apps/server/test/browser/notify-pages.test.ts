/**
 * The notification centre's and the CAP intake's console pages, driven as people use them: the
 * platform admin registers an SMS template; a user keeps quiet hours and a WeCom id; a school admin
 * finds a failed SMS in 发送记录, reads its failover path and sends it again; the school admin
 * subscribes to a CAP feed and sees the alert received and its warning draft. The SMS providers are
 * the real adapters talking to local contract servers of Aliyun and Tencent Cloud (their documented
 * APIs, signatures checked); the CAP feed is a small local HTTP server.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/modules/identity/index.js';
import { orgId } from '../support/runtime.js';
import { aliyunContractServer, type AliyunContractServer } from '../support/providers/aliyun.js';
import { tencentContractServer, type TencentContractServer } from '../support/providers/tencent.js';
import {
  buttonName,
  screenshotPath,
  see,
  settle,
  signInToConsole,
  startBrowserHarness,
  type BrowserHarness,
} from '../support/browser.js';

const ALIYUN_TOKEN = 'aliyun-receipt-token-browser-0001';
const TENCENT_TOKEN = 'tencent-receipt-token-browser-0001';
const NS = 'urn:oasis:names:tc:emergency:cap:1.2';
/** Around the demo school (118.552, 37.456), as CAP's "lat,lon" pairs, closed. */
const AROUND_SCHOOL = '37.44,118.53 37.44,118.57 37.47,118.57 37.47,118.53 37.44,118.53';

let h: BrowserHarness | undefined;
let aliyun: AliyunContractServer;
let tencent: TencentContractServer;
let feed: http.Server;
let feedBase = '';
const docs = new Map<string, { type: string; body: string }>();
/** what the pages logged as errors, by page */
const consoleErrors: string[] = [];

/** CAP's dateTime: seconds and an explicit offset. */
const capTime = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, '+00:00');

function capDocument(now: Date): string {
  const sent = capTime(new Date(now.getTime() - 30 * 60_000));
  const expires = capTime(new Date(now.getTime() + 6 * 3600_000));
  return `<?xml version="1.0" encoding="UTF-8"?>
<alert xmlns="${NS}">
  <identifier>DYQX-BROWSER-0001</identifier>
  <sender>dy.weather.example.cn</sender>
  <sent>${sent}</sent>
  <status>Actual</status>
  <msgType>Alert</msgType>
  <scope>Public</scope>
  <info>
    <language>zh-CN</language>
    <category>Met</category>
    <event>大风橙色预警</event>
    <urgency>Immediate</urgency>
    <severity>Severe</severity>
    <certainty>Likely</certainty>
    <effective>${sent}</effective>
    <expires>${expires}</expires>
    <senderName>东营市气象台</senderName>
    <headline>东营市气象台发布大风橙色预警</headline>
    <description>预计今天傍晚起东营区将出现9级以上阵风。</description>
    <instruction>加固户外设施，暂停户外活动。</instruction>
    <area>
      <areaDesc>东营区</areaDesc>
      <polygon>${AROUND_SCHOOL}</polygon>
    </area>
  </info>
</alert>`;
}

const drain = async () => {
  const rt = h!.rt;
  for (let i = 0; i < 5; i++) {
    while ((await rt.kernel.jobs.tick()) > 0);
    await rt.settle();
  }
};

async function open(username: string): Promise<Page> {
  const page = await h!.newPage();
  page.on('console', (msg) => {
    if (msg.type() === 'error') consoleErrors.push(`${username} ${page.url()}: ${msg.text()}`);
  });
  await signInToConsole(page, h!.base, username);
  return page;
}

beforeAll(async () => {
  feed = http.createServer((req, res) => {
    const d = docs.get(req.url ?? '');
    if (!d) return res.writeHead(404).end();
    res.writeHead(200, { 'content-type': d.type }).end(d.body);
  });
  await new Promise<void>((r) => feed.listen(0, '127.0.0.1', r));
  feedBase = `http://127.0.0.1:${(feed.address() as AddressInfo).port}`;
  aliyun = await aliyunContractServer({ accessKeys: { LTAI5tBrowserKey: 'aliyun-browser-secret' } });
  tencent = await tencentContractServer({
    secrets: { AKIDbrowserSecretId: 'tencent-browser-key' },
    sdkAppIds: ['1400006666'],
  });
  h = await startBrowserHarness({
    env: {
      NOTIFY_ALIYUN_ACCESS_KEY_ID: 'LTAI5tBrowserKey',
      NOTIFY_ALIYUN_ACCESS_KEY_SECRET: 'aliyun-browser-secret',
      NOTIFY_ALIYUN_RECEIPT_TOKEN: ALIYUN_TOKEN,
      NOTIFY_ALIYUN_SMS_SIGN_NAME: '安校',
      NOTIFY_ALIYUN_SMS_ENDPOINT: aliyun.url,
      NOTIFY_TENCENT_SECRET_ID: 'AKIDbrowserSecretId',
      NOTIFY_TENCENT_SECRET_KEY: 'tencent-browser-key',
      NOTIFY_TENCENT_SMS_SDK_APP_ID: '1400006666',
      NOTIFY_TENCENT_SMS_SIGN_NAME: '安校',
      NOTIFY_TENCENT_SMS_ENDPOINT: tencent.url,
      NOTIFY_TENCENT_RECEIPT_TOKEN: TENCENT_TOKEN,
    },
  });
  aliyun.setReceiptUrls({ sms: `${h.base}/api/notify/receipts/aliyun-sms?token=${ALIYUN_TOKEN}` });
  tencent.setReceiptUrl(`${h.base}/api/notify/receipts/tencent-sms?token=${TENCENT_TOKEN}`);
}, 120_000);

afterAll(async () => {
  await h?.close();
  await aliyun?.close();
  await tencent?.close();
  await new Promise((r) => feed?.close(r));
});

describe('the notification and CAP pages in the browser', () => {
  it('the platform admin registers an SMS template on 通知模板', async () => {
    const page = await open('sysadmin');
    await page.goto(`${h!.base}/notify/templates`);
    await page.getByRole('button', { name: buttonName('登记模板') }).click();
    const dialog = page.getByRole('dialog');
    await see(dialog.getByText('模板代码'), 'the template form');
    await settle(page);
    await dialog.getByLabel('服务商').click();
    await settle(page);
    await page.locator('.ant-select-item-option', { hasText: 'aliyun-sms' }).click();
    await dialog.getByLabel('级别').click();
    await settle(page);
    await page.locator('.ant-select-item-option', { hasText: '警报' }).click();
    await dialog.getByLabel('模板代码').fill('SMS_465320001');
    await dialog.getByLabel('模板参数').fill('title={title}\nbody={body}');
    await page.screenshot({ path: screenshotPath('notify-templates-form.png') });
    await dialog.getByRole('button', { name: buttonName('确定') }).click();
    const row = page.locator('tr', { hasText: 'SMS_465320001' });
    await see(row, 'the registered template in the list');
    expect(await row.textContent()).toContain('aliyun-sms');
    expect(await row.textContent()).toContain('警报级通知（兜底）');
    await page.screenshot({ path: screenshotPath('notify-templates.png') });
  });

  it('a user keeps quiet hours and a WeCom id on 通知设置 across a reload', async () => {
    const page = await open('guard');
    await page.goto(`${h!.base}/notify/prefs`);
    await see(page.getByText('我的通知设置'), 'the settings page');
    await page.getByLabel('启用免打扰').click();
    const start = page.getByPlaceholder('开始时间');
    await start.click();
    await start.fill('22:00');
    await start.press('Enter');
    const end = page.getByPlaceholder('结束时间');
    await end.fill('07:00');
    await end.press('Enter');
    await page.getByLabel('企业微信用户 ID').fill('zhaolei-guard');
    // the form's own submit button, 保存, below the fold
    const save = page.locator('form button[type="submit"]', { hasText: /保\s*存/ });
    await see(save, 'the save button');
    await save.click();
    await see(page.getByText('已保存'), 'the saved message');
    await page.reload();
    await see(page.getByText('我的通知设置'), 'the settings page after the reload');
    await expect.poll(() => page.getByLabel('企业微信用户 ID').inputValue()).toBe('zhaolei-guard');
    expect(await page.getByPlaceholder('开始时间').inputValue()).toBe('22:00');
    expect(await page.getByPlaceholder('结束时间').inputValue()).toBe('07:00');
    expect(await page.getByLabel('启用免打扰').getAttribute('aria-checked')).toBe('true');
    await page.screenshot({ path: screenshotPath('notify-prefs.png'), fullPage: true });
  });

  it('a school admin finds a failed SMS in 发送记录, reads its failover path and sends it again', async () => {
    const { rt } = h!;
    // The guard's phone, and the Tencent template (the Aliyun one came through the page above).
    const guard = await rt.login('guard');
    await rt.kernel.db.update(users).set({ phone: '13812345678' }).where(eq(users.id, guard.userId));
    const sys = await rt.login('sysadmin');
    const tpl = await sys.call('PUT', '/api/notify/templates', {
      provider: 'tencent-sms',
      noticeKind: null,
      severity: 'alarm',
      templateCode: '2233445',
      params: { '1': '{title}' },
    });
    expect(tpl.statusCode, tpl.body).toBe(200);
    // Both providers refuse the first message: Aliyun's flow control, Tencent's daily limit.
    aliyun.failNext('isv.BUSINESS_LIMIT_CONTROL');
    tencent.failNext('LimitExceeded.PhoneNumberDailyLimit');
    const school = await orgId(rt, 'DYVTC');
    await rt.kernel.transaction((tx) =>
      rt.kernel.notify.notify(tx, {
        userIds: [guard.userId],
        orgId: school,
        kind: 'incident.raised',
        title: '东门有人翻越围墙',
        body: '请值班保安立即到场',
        link: '/incidents',
        severity: 'alarm',
      }),
    );
    await drain();

    const page = await open('school.admin');
    await page.goto(`${h!.base}/notify/records`);
    await see(page.getByTestId('notify-record'), 'the delivery records');
    await page.locator('.ant-form-inline .ant-select').first().click();
    await settle(page);
    await page.locator('.ant-select-item-option', { hasText: '失败' }).click();
    await page.getByRole('button', { name: buttonName('查询') }).click();
    const row = page.locator('tr', { hasText: '东门有人翻越围墙' }).filter({ hasText: '短信' });
    await see(row.getByText('失败'), 'the failed SMS');
    await page.screenshot({ path: screenshotPath('notify-records-failed.png') });

    await row.getByTestId('notify-record').click();
    const drawer = page.getByRole('dialog').filter({ hasText: '发送详情' });
    await see(drawer.getByText('发送路径（失败时依次改用下一家服务商）'), 'the failover path');
    const attempts = drawer.getByTestId('notify-attempt');
    await expect.poll(() => attempts.count()).toBe(2);
    expect(await attempts.nth(0).textContent()).toContain('aliyun-sms');
    expect(await attempts.nth(0).textContent()).toContain('isv.BUSINESS_LIMIT_CONTROL');
    expect(await attempts.nth(1).textContent()).toContain('tencent-sms');
    expect(await attempts.nth(1).textContent()).toContain('LimitExceeded.PhoneNumberDailyLimit');
    await settle(page);
    await page.screenshot({ path: screenshotPath('notify-records-drawer.png') });

    await drawer.getByRole('button', { name: buttonName('重新发送') }).click();
    await see(page.getByText('已重新排队发送'), 'the message that it was queued again');
    await drain();
    await page.keyboard.press('Escape');
    // Filtered to SMS instead of failed: this one has left 失败.
    await page.getByRole('button', { name: buttonName('重置') }).click();
    await page.locator('.ant-form-inline .ant-select').nth(1).click();
    await settle(page);
    await page.locator('.ant-select-item-option', { hasText: '短信' }).click();
    const again = page.locator('tr', { hasText: '东门有人翻越围墙' }).filter({ hasText: '短信' }).first();
    await expect
      .poll(async () => {
        await page.getByRole('button', { name: buttonName('查询') }).click();
        return again.locator('.ant-tag').allTextContents();
      })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^(已发出|已送达)$/)]));
    await page.screenshot({ path: screenshotPath('notify-records-retried.png') });
  });

  it('the school admin subscribes to a CAP feed; the alert is received and becomes a warning draft', async () => {
    const { rt } = h!;
    docs.set('/feed.atom', {
      type: 'application/atom+xml',
      body: `<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>urn:test:dy-weather</id><title>东营市气象台预警</title><updated>${capTime(rt.clock.now())}</updated>
  <entry><id>urn:test:1</id><title>大风</title><updated>${capTime(rt.clock.now())}</updated><link rel="alternate" type="application/cap+xml" href="/wind.xml"/></entry>
</feed>`,
    });
    docs.set('/wind.xml', { type: 'application/cap+xml', body: capDocument(rt.clock.now()) });

    const page = await open('school.admin');
    await page.goto(`${h!.base}/cap`);
    await page.getByRole('button', { name: '添加订阅' }).click();
    const dialog = page.getByRole('dialog');
    await see(dialog.getByLabel('名称'), 'the subscription form');
    await settle(page);
    await dialog.getByLabel('名称').fill('东营市气象台预警');
    await dialog.getByLabel('地址').fill(`${feedBase}/feed.atom`);
    await page.screenshot({ path: screenshotPath('cap-add.png') });
    await dialog.getByRole('button', { name: buttonName('确定') }).click();
    await see(page.locator('tr', { hasText: `${feedBase}/feed.atom` }), 'the new subscription');
    await drain();
    await page.reload();
    const alert = page.locator('tr', { hasText: '东营市气象台发布大风橙色预警' });
    await see(alert, 'the received alert');
    expect(await alert.textContent()).toContain('橙色预警（严重）');
    await see(page.getByText(/新增 1 条|1 new/), 'the result of the last read');
    await page.screenshot({ path: screenshotPath('cap.png'), fullPage: true });

    await page.goto(`${h!.base}/warnings`);
    const draft = page.locator('tr', { hasText: '东营市气象台发布大风橙色预警' });
    await see(draft, 'the warning draft made from the alert');
    expect(await draft.textContent()).toContain('草稿');
    await expect.poll(() => page.locator('.ant-spin-spinning').count()).toBe(0);
    await page.screenshot({ path: screenshotPath('cap-warning-draft.png') });

    // Once in English: the CAP page's own words follow.
    await page.goto(`${h!.base}/cap`);
    await page.getByText('English', { exact: true }).click();
    await see(page.getByText('Alert feeds').first(), 'the English menu');
    await see(page.getByRole('button', { name: /Add feed/ }), 'the English add button');
    await see(page.getByText('Alerts received'), 'the English alerts card');
    await page.screenshot({ path: screenshotPath('cap-english.png'), fullPage: true });
    await page.getByText('中文', { exact: true }).click();

    expect(h!.pageErrors).toEqual([]);
    // The login page asks who is signed in before anyone is: that 401 is expected.
    expect(consoleErrors.filter((e) => !/\/: Failed to load resource: .* 401/.test(e))).toEqual([]);
  });
});
