// Builds test messages as raw RFC 5322 text and delivers them into a dovecot folder with IMAP APPEND, which is
// how a mail server's delivery agent puts mail where the desk's IMAP session will see it.
import { ImapFlow } from 'imapflow';

export interface MailSpec {
  readonly from?: string;
  readonly to?: string;
  readonly subject?: string;
  readonly messageId?: string | null;
  readonly inReplyTo?: string;
  readonly references?: string;
  readonly date?: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly text?: string;
  /** A full body with its own Content-Type (multipart, HTML); replaces `text`. */
  readonly body?: { readonly contentType: string; readonly content: string };
}

export function rawMail(spec: MailSpec): string {
  const lines = [
    `From: ${spec.from ?? 'Casey Customer <casey@customer.example>'}`,
    `To: ${spec.to ?? 'support@desk.example'}`,
    `Subject: ${spec.subject ?? 'Hello'}`,
    `Date: ${spec.date ?? new Date().toUTCString()}`,
    ...(spec.messageId === null ? [] : [`Message-ID: ${spec.messageId ?? `<${crypto.randomUUID()}@customer.example>`}`]),
    ...(spec.inReplyTo ? [`In-Reply-To: ${spec.inReplyTo}`] : []),
    ...(spec.references ? [`References: ${spec.references}`] : []),
    ...Object.entries(spec.headers ?? {}).map(([k, v]) => `${k}: ${v}`),
    'MIME-Version: 1.0',
    `Content-Type: ${spec.body?.contentType ?? 'text/plain; charset=utf-8'}`,
    '',
    spec.body?.content ?? spec.text ?? 'Hello desk',
  ];
  return `${lines.join('\r\n')}\r\n`;
}

export interface Mailbox {
  append(folder: string, raw: string): Promise<number>;
  create(folder: string): Promise<void>;
  remove(folder: string): Promise<void>;
  uidValidity(folder: string): Promise<string>;
  close(): Promise<void>;
}

/** An IMAP session of the mailbox owner, separate from the desk's. */
export async function openMailbox(host: string, port: number, user: string, pass: string): Promise<Mailbox> {
  const client = new ImapFlow({ host, port, secure: false, auth: { user, pass }, logger: false, disableAutoIdle: true });
  client.on('error', () => undefined);
  await client.connect();
  return {
    async append(folder, raw) {
      const r = await client.append(folder, raw);
      return r ? (r.uid ?? 0) : 0;
    },
    async create(folder) {
      await client.mailboxCreate(folder);
    },
    async remove(folder) {
      await client.mailboxDelete(folder);
    },
    async uidValidity(folder) {
      const s = await client.status(folder, { uidValidity: true });
      if (s === false) throw new Error(`STATUS ${folder} failed`);
      return String(s.uidValidity);
    },
    close: () => client.logout(),
  };
}
