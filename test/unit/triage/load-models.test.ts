import { cpSync, mkdtempSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SetupError } from '../../../src/domain/errors.js';
import { DEFAULT_MODELS_DIR, loadModelSet } from '../../../src/triage/load-models.js';
import { loadTriager } from '../../../src/triage/index.js';

const scratch = mkdtempSync(join(tmpdir(), 'earshot-models-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('loadModelSet', () => {
  it('loads every model the manifest lists, with their hashes checked', () => {
    const set = loadModelSet(DEFAULT_MODELS_DIR, { verify: true });
    expect(set.version).toMatch(/^linear-[0-9a-f]{12}$/);
    expect([...set.models.keys()]).toEqual(expect.arrayContaining(['language', 'sentiment', 'emotion', 'complaint', 'banking77', 'clinc150']));
  });

  it('throws TRIAGE_MODEL_MISSING naming the path and `npm run train` when models/ is empty', () => {
    const empty = join(scratch, 'empty');
    let error: unknown;
    try {
      loadTriager({ modelsDir: empty });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(SetupError);
    expect((error as SetupError).code).toBe('TRIAGE_MODEL_MISSING');
    expect((error as SetupError).message).toContain(join(empty, 'manifest.json'));
    expect((error as SetupError).message).toContain('npm run train');
  });

  it('throws TRIAGE_MODEL_INVALID when a weight file is truncated', () => {
    const copy = join(scratch, 'copy');
    cpSync(DEFAULT_MODELS_DIR, copy, { recursive: true });
    truncateSync(join(copy, 'irony.i8'), 100);
    expect(() => loadModelSet(copy)).toThrow(expect.objectContaining({ code: 'TRIAGE_MODEL_INVALID' }));
  });
});
