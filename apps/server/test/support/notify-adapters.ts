import { errors } from '../../src/kernel/errors.js';
import type {
  ChannelAdapter,
  OutboundMessage,
  Receipt,
  ReceiptRequest,
  SendResult,
} from '../../src/kernel/notify/index.js';

/**
 * A provider's far end held by the test: the centre talks to it through the ChannelAdapter
 * contract like to any provider. `answers` are taken in turn (the last one repeats); every message
 * handed over is kept in `sent`. Receipts come back through POST /api/notify/receipts/<provider>
 * as JSON `{ receipts: [...] }` with the provider's token in `x-test-token`.
 */
export class TestProvider implements ChannelAdapter {
  readonly needsTemplate: boolean;
  readonly receiptWindowSeconds?: number;
  readonly sent: OutboundMessage[] = [];
  answers: SendResult[] = [];
  private seq = 0;

  constructor(
    readonly kind: ChannelAdapter['kind'],
    readonly provider: string,
    opts: { needsTemplate?: boolean; receiptWindowSeconds?: number; token?: string } = {},
  ) {
    this.needsTemplate = opts.needsTemplate ?? (kind === 'sms' || kind === 'voice');
    this.receiptWindowSeconds = opts.receiptWindowSeconds;
    this.token = opts.token ?? `${provider}-token`;
  }

  readonly token: string;

  send(msg: OutboundMessage): Promise<SendResult> {
    this.sent.push(msg);
    const answer = this.answers.length > 1 ? this.answers.shift()! : this.answers[0];
    if (answer) return Promise.resolve(answer);
    this.seq += 1;
    return Promise.resolve({
      ok: true,
      providerMessageId: `${this.provider}-${this.seq}`,
      receiptExpected: true,
    });
  }

  readReceipts(req: ReceiptRequest): { receipts: Receipt[]; answer: { status: number; body: unknown } } {
    if (req.headers['x-test-token'] !== this.token) throw errors.forbidden();
    let body: {
      receipts?: { id: string; state: 'delivered' | 'failed'; answered?: boolean; code?: string }[];
    };
    try {
      body = JSON.parse(req.rawBody.toString('utf8')) as typeof body;
    } catch {
      throw errors.validation({ reason: 'not JSON' });
    }
    const receipts = (body.receipts ?? []).map((r) => ({
      provider: this.provider,
      providerMessageId: r.id,
      state: r.state,
      ...(r.answered !== undefined ? { answered: r.answered } : {}),
      ...(r.code ? { code: r.code, reason: r.code } : {}),
      at: new Date(),
    }));
    return { receipts, answer: { status: 200, body: { code: 0, msg: 'success' } } };
  }
}
