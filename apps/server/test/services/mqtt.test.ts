/**
 * Device ingest over MQTT: against the machine's Mosquitto (MQTT_URL), and a broker restart on a
 * private Mosquitto of the test's own, with a device that keeps retrying.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectAsync, type MqttClient } from 'mqtt';
import { afterAll, describe, expect, it } from 'vitest';
import { signDeviceRequest } from '../../src/modules/alarms/index.js';
import { orgId, testRuntime, type TestRuntime } from '../support/runtime.js';

const { MQTT_URL } = process.env;
if (!MQTT_URL) throw new Error('The MQTT tests need MQTT_URL (Mosquitto); .ci/run sets it.');

const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  for (const c of cleanups.reverse()) await c();
});

async function runtimeOn(url: string): Promise<TestRuntime> {
  const rt = await testRuntime({
    env: {
      MQTT_URL: url,
      MQTT_CLIENT_ID: `anxiao-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
    },
  });
  cleanups.push(() => rt.dispose());
  await rt.start();
  await rt.deviceMqtt!.ready;
  return rt;
}

async function registerDevice(rt: TestRuntime, code: string) {
  const admin = await rt.login('school.admin');
  const res = await admin.call('POST', '/api/alarm-devices', {
    schoolId: await orgId(rt, 'DYVTC'),
    code,
    name: `${code} 报警器`,
    kind: 'gate',
  });
  expect(res.statusCode, res.body).toBe(201);
  return { admin, secret: res.json<{ secret: string }>().secret };
}

/** What a device publishes: the signed body in its envelope. */
function envelope(secret: string, key: string, mode = 'real') {
  const body = JSON.stringify({ mode });
  const ts = String(Math.floor(Date.now() / 1000));
  return JSON.stringify({ ts, key, sig: signDeviceRequest(secret, ts, key, body), body });
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('MQTT device ingest', () => {
  it("turns a device's message into one alarm (a repeat of the same key adds nothing) and a heartbeat into 'online'", async () => {
    const rt = await runtimeOn(MQTT_URL);
    const code = `MQTT-GATE-${process.pid}`;
    const { admin, secret } = await registerDevice(rt, code);
    const device = await connectAsync(MQTT_URL, { clientId: `device-${code}` });
    cleanups.push(() => device.endAsync());
    const msg = envelope(secret, 'mqtt-press-0001');
    await device.publishAsync(`anxiao/devices/${code}/alarm`, msg, { qos: 1 });
    await device.publishAsync(`anxiao/devices/${code}/alarm`, msg, { qos: 1 });
    await device.publishAsync(`anxiao/devices/${code}/heartbeat`, envelope(secret, 'mqtt-beat-0001'), {
      qos: 1,
    });
    const items = await waitFor('the alarm from MQTT', async () => {
      const list = (await admin.call('GET', '/api/incidents')).json<{
        items: { source: string; alarmClass: string }[];
      }>();
      return list.items.length ? list.items : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    const again = (await admin.call('GET', '/api/incidents')).json<{ items: unknown[] }>();
    expect(again.items).toHaveLength(1);
    expect(items[0]).toMatchObject({ source: 'device', alarmClass: 'police' });
    const devices = (await admin.call('GET', '/api/alarm-devices')).json<{
      items: { code: string; online: boolean }[];
    }>();
    expect(devices.items.find((d) => d.code === code)?.online).toBe(true);
  });

  it('survives a broker restart: a press made while the broker was down arrives once it is back', async () => {
    const broker = await privateBroker();
    const rt = await runtimeOn(broker.url);
    const code = `MQTT-RESTART-${process.pid}`;
    const { admin, secret } = await registerDevice(rt, code);
    // A device that keeps its unsent messages and retries until the broker takes them.
    const device: MqttClient = await connectAsync(broker.url, {
      clientId: `device-${code}`,
      clean: false,
      reconnectPeriod: 300,
    });
    cleanups.push(() => device.endAsync(true));

    await broker.stop();
    const sent = device.publishAsync(`anxiao/devices/${code}/alarm`, envelope(secret, 'mqtt-press-restart'), {
      qos: 1,
    });
    await new Promise((r) => setTimeout(r, 1000));
    await broker.start();
    await sent;
    const found = await waitFor('the alarm pressed while the broker was down', async () => {
      const list = (await admin.call('GET', '/api/incidents')).json<{ items: { source: string }[] }>();
      return list.items.length ? list.items : undefined;
    });
    expect(found).toHaveLength(1);
  });
});

/** A Mosquitto of the test's own, on a free port, keeping sessions across restarts. */
async function privateBroker() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'anxiao-mqtt-'));
  // Started as root, mosquitto drops to its own user, which must be able to write its sessions here.
  fs.chmodSync(dir, 0o777);
  const port = await freePort();
  const conf = path.join(dir, 'mosquitto.conf');
  fs.writeFileSync(
    conf,
    `listener ${port} 127.0.0.1\nallow_anonymous true\npersistence true\npersistence_location ${dir}/\nautosave_interval 1\n`,
  );
  let proc: ChildProcess | null = null;
  const start = async () => {
    proc = spawn('mosquitto', ['-c', conf], { stdio: 'ignore' });
    await waitFor(
      'the private broker to listen',
      async () => ((await canConnect(port)) ? true : undefined),
      10_000,
    );
  };
  const stop = async () => {
    const p = proc;
    proc = null;
    if (!p) return;
    await new Promise<void>((resolve) => {
      p.once('exit', () => resolve());
      p.kill('SIGTERM');
    });
  };
  await start();
  cleanups.push(async () => {
    await stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return { url: `mqtt://127.0.0.1:${port}`, start, stop };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const c = net.connect(port, '127.0.0.1');
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}
