import nodemailer, { type Mail, type SMTPSentMessageInfo, type SMTPTransportOptions } from 'nodemailer';
import type { ChannelAdapter, OutboundMessage, SendResult } from '../channel.js';
import type { ImEmailSettings } from './im-email.config.js';
import { fail, LINK_LABEL, sent } from './im-common.js';

/**
 * E-mail over SMTP with nodemailer: a UTF-8 subject (nodemailer writes it as an RFC 2047 encoded
 * word), a plain-text and an HTML body, the link to the object. SMTP's reply codes decide whether
 * another try may help (RFC 5321 §4.2.1): 4yz is a transient failure, 5yz a permanent one.
 */

type Smtp = NonNullable<ImEmailSettings['smtp']>;

/** Without a reply code, the connection itself failed: another try (or provider) may do better. */
const NETWORK = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPROTOCOL',
]);

const ADDRESS = /^[^\s@<>()[\],;:"\\]{1,64}@[^\s@<>()[\],;:"\\]{1,253}$/;

export class SmtpAdapter implements ChannelAdapter {
  readonly kind = 'email' as const;
  readonly provider = 'smtp';
  readonly needsTemplate = false;
  private readonly transport: Mail<SMTPSentMessageInfo, SMTPTransportOptions>;

  constructor(private readonly cfg: Smtp) {
    // One connection per message: a pool would keep sockets open between sends, and an install
    // sending a digest a day needs none. Attachments by path or URL are never ours to read.
    const options: SMTPTransportOptions = {
      host: cfg.host,
      port: cfg.port,
      secure: cfg.security === 'tls',
      requireTLS: cfg.security === 'starttls',
      ignoreTLS: cfg.security === 'none',
      ...(cfg.auth ? { auth: cfg.auth } : {}),
      // Certificates are always checked (Node's default); a private CA replaces the public ones.
      ...(cfg.ca ? { tls: { ca: [cfg.ca] } } : {}),
      connectionTimeout: 15_000,
      greetingTimeout: 15_000,
      socketTimeout: 30_000,
      disableFileAccess: true,
      disableUrlAccess: true,
      logger: false,
    };
    this.transport = nodemailer.createTransport(options);
  }

  async send(msg: OutboundMessage, signal?: AbortSignal): Promise<SendResult> {
    if (!ADDRESS.test(msg.to) || msg.to.length > 254)
      return fail('address.invalid', 'not an e-mail address', false);
    if (signal?.aborted) return fail('aborted', 'the send was cancelled', true);
    try {
      const info = await this.transport.sendMail({
        from: this.cfg.from,
        to: msg.to,
        subject: msg.title.replace(/[\r\n]+/g, ' '),
        text: [msg.body, msg.url ? `${LINK_LABEL}: ${msg.url}` : ''].filter(Boolean).join('\n\n'),
        html: html(msg),
        // Lets a bounce or a reader's reply be traced to the attempt that sent it.
        headers: { 'X-Anxiao-Attempt': msg.attemptId },
      });
      if (info.rejected.length)
        return fail('rejected', `the server refused ${msg.to}: ${info.response}`, false);
      return sent(info.messageId);
    } catch (err) {
      return smtpFailure(err);
    }
  }
}

function smtpFailure(err: unknown): SendResult {
  const e = err as {
    code?: string;
    originalCode?: string;
    responseCode?: number;
    response?: string;
    message?: string;
  };
  const reply = typeof e.responseCode === 'number' ? e.responseCode : null;
  // The server's own words (e.g. "550 5.1.1 unknown user"); nodemailer's message otherwise. Neither
  // carries the password: AUTH failures are reported as the server's 535 line.
  const reason = (e.response ?? e.message ?? 'SMTP error').slice(0, 500);
  const code = e.code ?? 'error';
  // STARTTLS refused ("454 TLS not available") or a certificate that cannot be trusted (Node's
  // DEPTH_ZERO_SELF_SIGNED_CERT, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID …, which nodemailer
  // keeps as originalCode): sending in clear is no option and another try will not change the
  // server; the settings (NOTIFY_SMTP_CA_FILE) or the server must.
  if (code === 'ETLS' || /CERT|SELF_SIGNED|UNABLE_TO_(GET|VERIFY)/.test(e.originalCode ?? ''))
    return fail('smtp.tls', reason, false);
  if (reply !== null) return fail(`smtp.${reply}`, reason, reply >= 400 && reply < 500);
  return fail(`smtp.${code}`, reason, NETWORK.has(code));
}

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const esc = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

function html(msg: OutboundMessage): string {
  const body = esc(msg.body).replace(/\r?\n/g, '<br>');
  const link = msg.url ? `<p><a href="${esc(msg.url)}">${LINK_LABEL}</a></p>` : '';
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(msg.title)}</title></head>` +
    `<body><h3>${esc(msg.title)}</h3><p>${body}</p>${link}</body></html>`
  );
}
