// One PostgreSQL server for the whole test run; each integration suite makes its own database on it.
import type { TestProject } from 'vitest/node';
import type {} from 'vitest';
import { startPostgres } from './postgres-server.js';

declare module 'vitest' {
  export interface ProvidedContext {
    postgresUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const server = await startPostgres();
  project.provide('postgresUrl', server.url);
  return () => server.stop();
}
