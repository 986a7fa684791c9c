import { randomUUID } from 'node:crypto';
import { and, eq, like } from 'drizzle-orm';
import type { Kernel } from '../kernel/kernel.js';
import { alarmDevices, signDeviceRequest, type AlarmsService } from '../modules/alarms/index.js';

/** The demo's own devices (campus-seed names them DYVTC-<place>-BTN). */
const DEMO_DEVICE_CODES = 'DYVTC-%-BTN';

/**
 * The demo's alarm devices, simulated in this process: every device of the demo sends a signed
 * heartbeat through the same check as a real one (AlarmsService.heartbeat), twice per interval, so
 * the guard's and the police's consoles see them online. Started only in demo mode (see
 * demoConfig); stopped with the process.
 */
export class DemoDeviceSimulator {
  private timer: NodeJS.Timeout | null = null;
  private beating: Promise<number> | null = null;

  constructor(
    private readonly k: Kernel,
    private readonly alarms: AlarmsService,
  ) {}

  async start(): Promise<void> {
    if (this.timer) return;
    const devices = await this.devices();
    const shortest = Math.min(60, ...devices.map((d) => d.heartbeatSeconds));
    this.timer = setInterval(() => void this.tick(), (shortest * 1000) / 2);
    this.timer.unref();
    await this.tick();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.beating;
  }

  /** One heartbeat from every demo device; how many were accepted. */
  async beat(): Promise<number> {
    let accepted = 0;
    for (const d of await this.devices()) {
      const secret = this.k.crypto.decrypt(d.secretEnc);
      const timestamp = String(Math.floor(this.k.clock.now().getTime() / 1000));
      const idempotencyKey = randomUUID();
      const body = Buffer.from('{}');
      try {
        await this.alarms.heartbeat({
          code: d.code,
          timestamp,
          idempotencyKey,
          body,
          signature: signDeviceRequest(secret, timestamp, idempotencyKey, body),
        });
        accepted++;
      } catch (err) {
        this.k.log.warn({ err, device: d.code }, 'demo device heartbeat refused');
      }
    }
    return accepted;
  }

  private tick(): Promise<number> {
    this.beating ??= this.beat()
      .catch((err: unknown) => {
        this.k.log.warn({ err }, 'demo device simulator failed');
        return 0;
      })
      .finally(() => {
        this.beating = null;
      });
    return this.beating;
  }

  private devices() {
    return this.k.db
      .select({
        code: alarmDevices.code,
        secretEnc: alarmDevices.secretEnc,
        heartbeatSeconds: alarmDevices.heartbeatSeconds,
      })
      .from(alarmDevices)
      .where(and(eq(alarmDevices.enabled, true), like(alarmDevices.code, DEMO_DEVICE_CODES)));
  }
}
