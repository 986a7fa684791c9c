import os from 'node:os';
import { connect, type MqttClient } from 'mqtt';
import { z } from 'zod';
import { AppError } from '../../kernel/errors.js';
import type { Logger } from '../../kernel/logger.js';
import { ALARM_MODES } from './alarms.model.js';
import type { AlarmsService } from './alarms.service.js';

/** The topics devices publish on: `anxiao/devices/<code>/alarm` and `…/heartbeat`. */
export const DEVICE_TOPIC = /^anxiao\/devices\/([A-Za-z0-9_.-]{1,40})\/(alarm|heartbeat)$/;

/** The envelope a device publishes: the same signature as over HTTP, around the body it signed. */
const envelope = z.object({
  ts: z.string().regex(/^\d{9,12}$/),
  key: z.string().min(8).max(100),
  sig: z.string().max(128),
  body: z.string().max(4096),
});
const alarmBody = z.object({ mode: z.enum(ALARM_MODES).default('real') });

/**
 * Device ingest over MQTT (Mosquitto, EMQX). A persistent session (fixed client id, clean: false)
 * and QoS 1 with the acknowledgement sent only after the alarm is stored: a message the broker
 * delivered while the server was down, or one the server received but had not stored when it
 * crashed, is delivered again; the idempotency key keeps it one alarm.
 */
export class DeviceMqtt {
  private client: MqttClient | null = null;
  private subscribed: () => void = () => undefined;
  /** resolves once the first subscription is in place (a test waits for it) */
  readonly ready = new Promise<void>((resolve) => (this.subscribed = resolve));

  constructor(
    private readonly url: string,
    private readonly svc: AlarmsService,
    private readonly log: Logger,
    private readonly clientId = `anxiao-${os.hostname()}-${process.env['PORT'] ?? '3000'}`,
  ) {}

  /** Connect and subscribe; reconnects by itself (a broker restart), so it never blocks start-up. */
  start(): void {
    const client = connect(this.url, {
      clientId: this.clientId,
      clean: false,
      reconnectPeriod: 1000,
      connectTimeout: 10_000,
    });
    // The acknowledgement (PUBACK) goes out only when this calls back: after the alarm is stored.
    client.handleMessage = (packet, done) => {
      if (packet.cmd !== 'publish') return done();
      const payload = Buffer.from(packet.payload);
      this.handle(packet.topic, payload).then(
        () => done(),
        (err: unknown) => {
          // Not stored: no acknowledgement, so the broker delivers it again on the next session.
          this.log.error(
            { err, topic: packet.topic },
            'mqtt: device message not stored; it will be redelivered',
          );
        },
      );
    };
    this.client = client;
    client.on('connect', () => {
      this.log.info({ url: this.url, clientId: this.clientId }, 'mqtt: connected');
      client.subscribe(['anxiao/devices/+/alarm', 'anxiao/devices/+/heartbeat'], { qos: 1 }, (err) => {
        if (err) this.log.error({ err }, 'mqtt: subscribe failed');
        else this.subscribed();
      });
    });
    client.on('error', (err) => this.log.warn({ err }, 'mqtt: error'));
    client.on('offline', () => this.log.warn('mqtt: offline, reconnecting'));
  }

  /** Store the alarm (or heartbeat); a message that can never be valid is logged and dropped. */
  private async handle(topic: string, message: Buffer): Promise<void> {
    const m = DEVICE_TOPIC.exec(topic);
    const env = envelope.safeParse(safeJson(message));
    if (!m || !env.success) {
      this.log.warn({ topic }, 'mqtt: malformed device message dropped');
      return;
    }
    const [, code, kind] = m;
    const body = alarmBody.safeParse(safeJson(Buffer.from(env.data.body)));
    const req = {
      code: code!,
      timestamp: env.data.ts,
      idempotencyKey: env.data.key,
      signature: env.data.sig,
      body: Buffer.from(env.data.body),
      mode: body.success ? body.data.mode : ('real' as const),
    };
    try {
      if (kind === 'heartbeat') await this.svc.heartbeat(req);
      else await this.svc.raiseFromDevice(req);
    } catch (err) {
      if (err instanceof AppError && err.status < 500) {
        this.log.warn({ topic, code: err.code }, 'mqtt: device message refused');
        return;
      }
      throw err;
    }
  }

  async close(): Promise<void> {
    const c = this.client;
    this.client = null;
    if (c) await c.endAsync();
  }
}

function safeJson(b: Buffer): unknown {
  try {
    return JSON.parse(b.toString('utf8'));
  } catch {
    return null;
  }
}
