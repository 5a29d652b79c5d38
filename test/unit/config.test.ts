import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CONFIG_VARIABLES, loadConfig } from '../../src/config.js';

const empty = mkdtempSync(join(tmpdir(), 'earshot-config-'));

describe('loadConfig', () => {
  it('defaults to the embedded database under ./data', () => {
    const config = loadConfig({}, empty);
    expect(config.databaseUrl).toBeUndefined();
    expect(config.dataDir).toBe(join(empty, 'data'));
    expect(config.port).toBe(3000);
  });

  it('names every bad variable on its own line', () => {
    expect(() => loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' }, empty)).toThrow(
      /DATABASE_URL: expected a postgres:\/\/ or postgresql:\/\/ URL\nPORT: .*\nLOG_LEVEL: /,
    );
  });

  it('accepts only true or false for booleans', () => {
    expect(() => loadConfig({ EARSHOT_MIGRATE_ON_START: 'yes' }, empty)).toThrow(/EARSHOT_MIGRATE_ON_START/);
    expect(loadConfig({ EARSHOT_MIGRATE_ON_START: 'false' }, empty).migrateOnStart).toBe(false);
  });

  it('reads earshot.config.json and lets the environment win', () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-config-'));
    writeFileSync(join(dir, 'earshot.config.json'), JSON.stringify({ PORT: 4100, HOST: '0.0.0.0' }));
    const config = loadConfig({ PORT: '4200' }, dir);
    expect(config.port).toBe(4200);
    expect(config.host).toBe('0.0.0.0');
  });

  it('rejects unknown keys in the config file, naming them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'earshot-config-'));
    writeFileSync(join(dir, 'earshot.config.json'), JSON.stringify({ PROT: 1 }));
    expect(() => loadConfig({}, dir)).toThrow(/unknown keys PROT/);
  });

  it('is documented: the README configuration table lists every variable', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const missing = CONFIG_VARIABLES.filter((v) => !readme.includes(`| \`${v}\``));
    expect(missing).toEqual([]);
  });
});
