import { describe, expect, it } from 'vitest';
import { extractFeatures } from '../../../src/triage/hashed-features.js';
import { computeLogits, type LinearModel } from '../../../src/triage/linear-model.js';
import { accumulateBank, bankModels } from '../../../src/triage/model-bank.js';
import { normalizeText } from '../../../src/triage/normalize-text.js';

function randomModel(task: string, k: number, seed: number): LinearModel {
  let s = seed;
  const next = (): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s;
  };
  const bits = 10;
  const weights = Int8Array.from({ length: (1 << bits) * k }, () => (next() % 255) - 127);
  return { task, labels: Array.from({ length: k }, (_, i) => `l${i}`), bits, groups: ['w1', 'c3'], weights, scale: 0.01, bias: new Float32Array(k), offsets: new Float32Array(k) };
}

describe('model bank', () => {
  it('gives exactly the logits of scoring each model alone, for extreme weights and a long text', () => {
    const models = [randomModel('a', 3, 1), randomModel('b', 4, 2), randomModel('c', 2, 3)];
    const [bank] = bankModels(models);
    expect(bank?.width).toBe(9);
    for (const text of ['my order is late', 'x'.repeat(1200), 'a b c d e f g h i j k '.repeat(80), '']) {
      const features = extractFeatures(normalizeText(text), { groups: ['w1', 'c3'] });
      const sums = new Float64Array(bank!.width);
      accumulateBank(bank!, features, sums);
      for (const [i, { offset }] of bank!.members.entries()) {
        const model = models[i]!;
        const alone = new Float64Array(model.labels.length);
        computeLogits(model, features, undefined, alone);
        for (let c = 0; c < model.labels.length; c++) expect(sums[offset + c]! * model.scale).toBeCloseTo(alone[c]!, 9);
      }
    }
  });

  it('leaves a lone binary model out of the banks', () => {
    expect(bankModels([randomModel('only', 2, 5)])).toEqual([]);
  });
});
