// Browser tests need the built web app: build it once before the run when it is missing or older than its sources.
import { buildWebAppIfStale } from '../../web/app/build.js';

export default async function setup(): Promise<void> {
  await buildWebAppIfStale();
}
