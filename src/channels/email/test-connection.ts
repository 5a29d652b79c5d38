// "Test connection" for an email account: IMAP login and folder open, then SMTP login (nodemailer `verify`), so a
// wrong password or port shows up when the account is added rather than at the first reply.
import type { ConnectionTest, ConnectorContext } from '../connector.js';
import type { EmailConfig } from './config-schema.js';
import { closeImap, openImap } from './imap-client.js';
import { smtpError } from './smtp-error.js';
import { smtpTransport } from './send-reply.js';

export async function testEmailConnection(ctx: ConnectorContext<EmailConfig>): Promise<ConnectionTest> {
  const s = ctx.settings;
  const details: string[] = [];
  if (s.host !== undefined) {
    try {
      const client = await openImap(ctx, 'IMAP check');
      try {
        const mailbox = await client.mailboxOpen(s.folder, { readOnly: true });
        details.push(`IMAP ${s.host}:${s.port} ${s.folder} holds ${mailbox.exists} messages${client.capabilities.has('IDLE') ? ', IDLE supported' : ', no IDLE (polling)'}`);
      } finally {
        await closeImap(client);
      }
    } catch (err) {
      return { ok: false, reason: `IMAP: ${(err as Error).message}` };
    }
  }
  const transport = smtpTransport(ctx);
  try {
    await transport.verify();
    details.push(`SMTP ${s.smtpHost ?? s.host}:${s.smtpPort} accepts the login`);
  } catch (cause) {
    return { ok: false, reason: smtpError('SMTP check', cause).message };
  } finally {
    transport.close();
  }
  return { ok: true, detail: details.join('; ') };
}
