#!/usr/bin/env node
// Verifies earshot's outbound webhooks. Use `verifyEarshotWebhook` in your receiver, or run this file as a tiny
// receiver that prints each verified event:
//
//   EARSHOT_WEBHOOK_SECRET=whsec_… node docs/verify-webhook.mjs 8080
//
// earshot sends `X-Earshot-Timestamp: <Unix seconds>` and `X-Earshot-Signature: sha256=<hex>`, the HMAC-SHA256 of
// `<timestamp>.<raw body>` under the subscription's secret. Check the signature over the raw bytes (before any JSON
// parsing), timing-safe, and refuse timestamps older than a few minutes so a captured request cannot be replayed.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

/** Returns null when the request is authentic, else the reason it is not. */
export function verifyEarshotWebhook(secret, headers, rawBody, nowSeconds = Math.floor(Date.now() / 1000), toleranceSeconds = 300) {
  const timestamp = headers['x-earshot-timestamp'];
  const signature = headers['x-earshot-signature'];
  if (typeof timestamp !== 'string' || !/^\d+$/.test(timestamp)) return 'missing or malformed X-Earshot-Timestamp';
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return 'timestamp too old or in the future';
  const expected = Buffer.from(`sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`);
  const given = Buffer.from(typeof signature === 'string' ? signature : '');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'signature does not match';
  return null;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const secret = process.env.EARSHOT_WEBHOOK_SECRET;
  if (!secret) {
    console.error('set EARSHOT_WEBHOOK_SECRET to the secret shown when the subscription was created');
    process.exit(2);
  }
  createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const problem = verifyEarshotWebhook(secret, req.headers, body);
      if (problem) {
        console.error(`rejected: ${problem}`);
        res.writeHead(401).end();
        return;
      }
      const event = JSON.parse(body.toString('utf8'));
      console.log(`${event.type} ${event.id}: ${JSON.stringify(event.data)}`);
      res.writeHead(204).end();
    });
  }).listen(Number(process.argv[2] ?? 8080), () => console.log(`listening on ${process.argv[2] ?? 8080}`));
}
