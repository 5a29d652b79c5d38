// The TWCS sample and an independent thread count over its reply links, to check the pipeline's threading.
import { parse } from 'csv-parse/sync';

export const TWCS_SAMPLE = new URL('../../../shared/data/twcs-sample/twcs_sample.csv', import.meta.url).pathname;

/** Sizes of the connected components of the reply graph, largest first. */
export function twcsThreadsByUnionFind(csv: string): number[] {
  const rows = parse(csv, { columns: true }) as { tweet_id: string; in_response_to_tweet_id: string }[];
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    let r = x;
    while (parent.get(r) !== r) r = parent.get(r)!;
    parent.set(x, r);
    return r;
  };
  const add = (x: string) => {
    if (!parent.has(x)) parent.set(x, x);
  };
  for (const row of rows) {
    add(row.tweet_id);
    if (row.in_response_to_tweet_id) {
      const p = row.in_response_to_tweet_id.replace(/\.0$/, '');
      add(p);
      parent.set(find(row.tweet_id), find(p));
    }
  }
  const sizes = new Map<string, number>();
  for (const row of rows) sizes.set(find(row.tweet_id), (sizes.get(find(row.tweet_id)) ?? 0) + 1);
  return [...sizes.values()].sort((a, b) => b - a);
}
