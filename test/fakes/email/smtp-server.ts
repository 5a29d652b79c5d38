// A local SMTP receiver (smtp-server, the real protocol) that captures what the desk sends. Faults are scripted
// per transaction: an SMTP error reply (4xx/5xx) at RCPT or after DATA, or a stall — before the message is
// committed (dropped when the client gives up, as a real MTA does on a lost connection) or after it is committed
// (delivered, optionally filed in a Sent folder like Gmail does, but the answer never comes).
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerSession } from 'smtp-server';

export interface CapturedMail {
  readonly from: string;
  readonly to: readonly string[];
  readonly raw: Buffer;
  readonly messageId: string | undefined;
  readonly inReplyTo: string | undefined;
  readonly references: readonly string[];
  readonly subject: string;
  readonly text: string;
  readonly headers: Readonly<Record<string, string>>;
}

export type SmtpFault =
  | { readonly kind: 'reply'; readonly code: number; readonly message: string; readonly at: 'rcpt' | 'data' }
  | { readonly kind: 'stall-before-commit' }
  | { readonly kind: 'stall-after-commit'; readonly file?: (raw: Buffer) => Promise<void> };

export interface FakeSmtp {
  readonly host: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly messages: CapturedMail[];
  /** DATA transactions started, committed or not. */
  readonly attempts: () => number;
  /** Applies to the next transaction only. */
  fault(f: SmtpFault): void;
  close(): Promise<void>;
}

function smtpError(code: number, message: string): Error & { responseCode: number } {
  return Object.assign(new Error(message), { responseCode: code });
}

async function capture(session: SMTPServerSession, raw: Buffer): Promise<CapturedMail> {
  const parsed = await simpleParser(raw);
  const headers: Record<string, string> = {};
  for (const { key, line } of parsed.headerLines) headers[key] = line.slice(line.indexOf(':') + 1).trim();
  const refs = parsed.references === undefined ? [] : Array.isArray(parsed.references) ? parsed.references : parsed.references.split(/\s+/);
  return {
    from: session.envelope.mailFrom === false ? '' : session.envelope.mailFrom.address,
    to: session.envelope.rcptTo.map((r) => r.address),
    raw,
    messageId: parsed.messageId,
    inReplyTo: parsed.inReplyTo,
    references: refs,
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    headers,
  };
}

export async function startFakeSmtp(options: { user?: string; password?: string } = {}): Promise<FakeSmtp> {
  const user = options.user ?? 'desk@example.com';
  const password = options.password ?? 'smtp-pass';
  const messages: CapturedMail[] = [];
  const faults: SmtpFault[] = [];
  let attempts = 0;
  let current: SmtpFault | undefined;
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    authMethods: ['PLAIN', 'LOGIN'],
    logger: false,
    closeTimeout: 100,
    onAuth(auth, _session, callback) {
      if (auth.username === user && auth.password === password) return callback(null, { user });
      return callback(smtpError(535, '5.7.8 Authentication credentials invalid'));
    },
    onMailFrom(_address, _session, callback) {
      current = faults.shift();
      callback();
    },
    onRcptTo(_address, _session, callback) {
      if (current?.kind === 'reply' && current.at === 'rcpt') return callback(smtpError(current.code, current.message));
      callback();
    },
    onData(stream, session, callback) {
      attempts++;
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const fault = current;
        const raw = Buffer.concat(chunks);
        if (fault?.kind === 'reply' && fault.at === 'data') return callback(smtpError(fault.code, fault.message));
        if (fault?.kind === 'stall-before-commit') return; // never answered, never delivered
        void capture(session, raw).then(async (mail) => {
          messages.push(mail);
          if (fault?.kind === 'stall-after-commit') {
            await fault.file?.(raw);
            return; // delivered, but the answer never comes
          }
          callback(null, '2.0.0 queued');
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    host: '127.0.0.1',
    port,
    user,
    password,
    messages,
    attempts: () => attempts,
    fault: (f) => void faults.push(f),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
