// Bench data from the demo generator (src/pipeline/demo-data.ts): InboundMessages in memory, or a TWCS-layout
// archive file of any size written as a stream (threads are consecutive, so memory stays flat).
import { createWriteStream } from 'node:fs';
import { generateDemoMessages, type DemoItem } from '../src/pipeline/index.js';

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** Twitter's created_at layout, as in the TWCS corpus: `Tue Oct 31 22:10:47 +0000 2017`. */
export function twitterTime(ms: number): string {
  const d = new Date(ms);
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

const csvField = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

export function demoItems(messages: number, seed = 7): DemoItem[] {
  return [...generateDemoMessages({ seed, messages, endAt: Date.UTC(2026, 10, 1) })];
}

/** Writes `rows` TWCS rows; returns the file size in bytes. */
export async function writeTwcsArchive(path: string, rows: number, seed = 11): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  const write = async (line: string) => {
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await new Promise<void>((r) => out.once('drain', () => r()));
  };
  await write('tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n');
  let id = 0;
  let previous: { external: string; id: number } | null = null;
  for (const item of generateDemoMessages({ seed, messages: rows, endAt: Date.UTC(2026, 10, 1) })) {
    const m = item.message;
    id++;
    const parent = m.inReplyToExternalId && previous?.external === m.inReplyToExternalId ? `${previous.id}.0` : '';
    // Private-channel demo threads have no reply chain; in TWCS layout every follow-up replies to the previous.
    const chained = parent || (m.threadKey && previous && m.externalId.replace(/-\d+$/, '') === previous.external.replace(/-\d+$/, '') ? `${previous.id}.0` : '');
    const author = m.direction === 'inbound' ? m.author.handle.replace(/[^0-9a-z]/gi, '') : 'AcmeSupport';
    await write(`${id},${author},${m.direction === 'inbound' ? 'True' : 'False'},${twitterTime(m.sentAt)},${csvField(m.text)},,${chained}\n`);
    previous = { external: m.externalId, id };
  }
  await new Promise<void>((resolve) => out.end(resolve));
  return bytes;
}
