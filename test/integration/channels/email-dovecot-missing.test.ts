// The email tests need Debian's dovecot; without it they must fail saying exactly how to install it.
import { afterEach, describe, expect, it } from 'vitest';
import { startDovecot } from '../../support/dovecot-server.js';

describe('startDovecot', () => {
  const path = process.env['PATH'];
  afterEach(() => {
    process.env['PATH'] = path;
  });

  it('fails with the apt-get command when the dovecot binary is not on PATH', async () => {
    process.env['PATH'] = '/nonexistent';
    await expect(startDovecot()).rejects.toThrow('apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y dovecot-imapd');
  });
});
