// Message-ID handling, reply subjects and References, the IMAP cursor and SMTP error classes.
import { describe, expect, it } from 'vitest';
import { emailConfigSchema } from '../../../../src/channels/email/config-schema.js';
import { readImapCursor, resumeUid, writeImapCursor } from '../../../../src/channels/email/imap-cursor.js';
import { messageIdList, normaliseMessageId, replyMessageId } from '../../../../src/channels/email/message-id.js';
import { referencesFor, replySubject } from '../../../../src/channels/email/send-reply.js';
import { smtpError } from '../../../../src/channels/email/smtp-error.js';
import { hasBasicAuth } from '../../../../src/channels/email/basic-auth.js';

describe('message ids', () => {
  it('normalises ids and reads reference lists in order without repeats', () => {
    expect(normaliseMessageId('  <a@b>  ')).toBe('<a@b>');
    expect(normaliseMessageId('a@b')).toBe('<a@b>');
    expect(normaliseMessageId('not an id')).toBeNull();
    expect(messageIdList('<r@x>\r\n <p@x> <r@x>')).toEqual(['<r@x>', '<p@x>']);
    expect(messageIdList(['<a@x>', '<b@x>'])).toEqual(['<a@x>', '<b@x>']);
  });

  it('gives every attempt of one reply the same Message-ID, on the sending domain', () => {
    expect(replyMessageId('reply:1', 'support@desk.example')).toBe(replyMessageId('reply:1', 'support@desk.example'));
    expect(replyMessageId('reply:1', 'support@desk.example')).not.toBe(replyMessageId('reply:2', 'support@desk.example'));
    expect(replyMessageId('reply:1', 'support@desk.example')).toMatch(/^<earshot\.[0-9a-f]{32}@desk\.example>$/);
  });
});

describe('reply headers', () => {
  it('puts one "Re:" on the subject', () => {
    expect(replySubject('Order 42')).toBe('Re: Order 42');
    expect(replySubject('RE: Re: AW: Order 42')).toBe('Re: Order 42');
    expect(replySubject('')).toBe('Re: your message');
  });

  it('builds References from the parent and keeps root and tail of long chains', () => {
    expect(referencesFor('<p@x>', ['<r@x>', '<q@x>'])).toEqual(['<r@x>', '<q@x>', '<p@x>']);
    const long = Array.from({ length: 30 }, (_, i) => `<m${i}@x>`);
    const refs = referencesFor('<p@x>', long);
    expect(refs).toHaveLength(20);
    expect(refs[0]).toBe('<m0@x>');
    expect(refs.at(-1)).toBe('<p@x>');
  });
});

describe('imap cursor', () => {
  it('resumes only in the same folder under the same UIDVALIDITY', () => {
    const c = readImapCursor(writeImapCursor({ v: 1, folder: 'INBOX', uidValidity: '7', lastUid: 41 }));
    expect(resumeUid(c, 'INBOX', '7')).toBe(41);
    expect(resumeUid(c, 'INBOX', '8')).toBe(0);
    expect(resumeUid(c, 'Support', '7')).toBe(0);
    expect(readImapCursor('garbage')).toBeNull();
  });
});

describe('smtpError', () => {
  it('classes 5xx as refusals, 4xx as retryable and a lost answer as retryable and ambiguous', () => {
    expect(smtpError('send', { responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 no such user' })).toMatchObject({ code: 'CHANNEL_REJECTED', retryable: false });
    expect(smtpError('send', { responseCode: 451, command: 'DATA', response: '451 later' })).toMatchObject({ code: 'CHANNEL_UNAVAILABLE', retryable: true });
    expect(smtpError('send', { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' })).toMatchObject({ code: 'CHANNEL_AUTH_FAILED', retryable: false });
    const timeout = smtpError('send', { code: 'ETIMEDOUT', message: 'Timeout' });
    expect(timeout).toMatchObject({ code: 'CHANNEL_UNAVAILABLE', retryable: true, details: { ambiguous: true } });
  });
});

describe('email config', () => {
  it('coerces CLI strings and names what is missing', () => {
    const ok = emailConfigSchema.safeParse({ host: 'imap.example', port: '143', user: 'support@desk.example', password: 'pw', secure: 'false' });
    expect(ok.success && ok.data).toMatchObject({ port: 143, secure: false, folder: 'INBOX', smtpPort: 587 });
    const bad = emailConfigSchema.safeParse({ host: 'imap.example', user: 'support', password: 'pw', postmarkUser: 'pm' });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues.map((i) => i.path.join('.'))).toEqual(['fromAddress', 'postmarkPassword']);
  });
});

describe('hasBasicAuth', () => {
  const header = (s: string) => `Basic ${Buffer.from(s).toString('base64')}`;
  it('accepts only the exact user and password', () => {
    expect(hasBasicAuth(header('pm:secret-pass'), 'pm', 'secret-pass')).toBe(true);
    expect(hasBasicAuth(header('pm:secret-pas'), 'pm', 'secret-pass')).toBe(false);
    expect(hasBasicAuth(header('px:secret-pass'), 'pm', 'secret-pass')).toBe(false);
    expect(hasBasicAuth('Bearer x', 'pm', 'secret-pass')).toBe(false);
    expect(hasBasicAuth(undefined, 'pm', 'secret-pass')).toBe(false);
  });
});
