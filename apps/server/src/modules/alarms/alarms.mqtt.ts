import os from 'node:os';
import { connect, type MqttClient } from 'mqtt';
import { z } from 'zod';
import { isDatabaseUnavailable } from '../../kernel/db.js';
import { AppError } from '../../kernel/errors.js';
import type { Logger } from '../../kernel/logger.js';
import { ALARM_MODES } from './alarms.model.js';
import type { AlarmsService } from './alarms.service.js';

/** The topics devices publish on: `anxiao/devices/<code>/alarm` and `…/heartbeat`. */
export const DEVICE_TOPIC = /^anxiao\/devices\/([A-Za-z0-9_.-]{1,40})\/(alarm|heartbeat)$/;

/** retrying a message while the database is out of reach: 200 ms doubling to 2 s, 20 s in all */
const RETRY_FIRST_MS = 200;
const RETRY_MAX_MS = 2000;
const RETRY_BUDGET_MS = 20_000;
const OTHER_FAULT_TRIES = 3;

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
  /** connections made so far; a handler tells its own connection from a later one by it */
  private connections = 0;
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
    // mqtt.js handles packets one after another, so this must never leave a packet unfinished.
    client.handleMessage = (packet, done) => {
      if (packet.cmd !== 'publish') return done();
      const payload = Buffer.from(packet.payload);
      const connection = this.connections;
      const finish = (stored: boolean) => {
        // That connection is gone: the broker delivers the message again on the new one, and the
        // old connection's acknowledgement must never go out on the new one (its ids are reused).
        if (connection !== this.connections) return;
        if (stored) return done();
        // The database stayed out of reach: drop the connection at once, without acknowledging,
        // so that the broker delivers this and every later message again on the next session.
        this.log.error(
          { topic: packet.topic },
          'mqtt: device message not stored; reconnecting for redelivery',
        );
        client.stream.destroy();
      };
      this.store(packet.topic, payload).then(finish, (err: unknown) => {
        this.log.error({ err, topic: packet.topic }, 'mqtt: device message could not be handled');
        finish(false);
      });
    };
    this.client = client;
    client.on('connect', (connack) => {
      this.connections++;
      this.log.info({ url: this.url, clientId: this.clientId }, 'mqtt: connected');
      // The first connection of a process may find no session (a new client id); a reconnect must.
      if (this.connections > 1 && !connack.sessionPresent) {
        this.log.warn(
          { url: this.url, clientId: this.clientId },
          "mqtt: the broker did not resume this server's MQTT session after a reconnect: presses it " +
            'took while the session was gone may be lost. Run the broker with persistence and a ' +
            'persistent session for this client id (see deploy/mosquitto.conf and the README)',
        );
      }
      client.subscribe(['anxiao/devices/+/alarm', 'anxiao/devices/+/heartbeat'], { qos: 1 }, (err) => {
        if (err) this.log.error({ err }, 'mqtt: subscribe failed');
        else this.subscribed();
      });
    });
    client.on('error', (err) => this.log.warn({ err }, 'mqtt: error'));
    client.on('offline', () => this.log.warn('mqtt: offline, reconnecting'));
  }

  /**
   * Store one message, retrying with back-off while the database is out of reach. True once it is
   * stored (or refused for good, as a message that can never be valid is); false when the database
   * stayed out of reach for the whole retry budget, which stays well under the keepalive so that
   * the broker does not take the connection for dead meanwhile.
   */
  private async store(topic: string, message: Buffer): Promise<boolean> {
    const started = Date.now();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.handle(topic, message);
        return true;
      } catch (err) {
        const unavailable = isDatabaseUnavailable(err);
        // A fault that is not the database's (a bug): a few tries, then it is dropped with an error
        // in the log rather than redelivered for ever in front of every other device's messages.
        if (!unavailable && attempt >= OTHER_FAULT_TRIES - 1) {
          this.log.error({ err, topic }, 'mqtt: device message dropped after repeated failures');
          return true;
        }
        const wait = Math.min(RETRY_MAX_MS, RETRY_FIRST_MS * 2 ** attempt);
        if (Date.now() - started + wait > RETRY_BUDGET_MS) return false;
        if (attempt === 0) this.log.warn({ err, topic }, 'mqtt: device message not stored yet; retrying');
        await new Promise((r) => setTimeout(r, wait));
      }
    }
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
