// Serving-time layout of the int8 models: models that read the same features are interleaved into one table
// (one memory access per feature for all of them), and each table row packs four int8 weights into one
// float64 (13-bit signed lanes), so one addition sums four weights. On this box scoring is bound by those
// accesses and additions, not by anything else (bench/README.md); the arithmetic stays exact integer sums.
import { FEATURE_GROUPS, type FeatureGroup, type FeatureSet } from './hashed-features.js';
import type { LinearModel } from './linear-model.js';

const LANES = 4;
const LANE = 2 ** 13;
const HALF_LANE = 2 ** 12;
/** |sum of CHUNK int8 weights| ≤ CHUNK·127 < 2^12, so a lane never spills into its neighbour; 4 lanes fit in 52 bits. */
const CHUNK = 32;

export interface ModelBank {
  readonly bits: number;
  readonly groups: readonly FeatureGroup[];
  /** Labels summed per row (all members together). */
  readonly width: number;
  /** Float64 values per row: ceil(width / LANES). */
  readonly packedWidth: number;
  readonly table: Float64Array;
  /** Members and the column where each member's labels start. */
  readonly members: readonly { readonly model: LinearModel; readonly offset: number }[];
}

const GROUP_POSITION: ReadonlyMap<FeatureGroup, number> = new Map(FEATURE_GROUPS.map((g, i) => [g, i]));

function buildBank(group: readonly LinearModel[]): ModelBank {
  const first = group[0]!;
  const buckets = 1 << first.bits;
  const width = group.reduce((w, m) => w + m.labels.length, 0);
  const packedWidth = Math.ceil(width / LANES);
  const table = new Float64Array(buckets * packedWidth);
  const row = new Int8Array(packedWidth * LANES);
  const members: { model: LinearModel; offset: number }[] = [];
  let offset = 0;
  for (const m of group) {
    members.push({ model: m, offset });
    offset += m.labels.length;
  }
  for (let b = 0; b < buckets; b++) {
    for (const { model, offset: o } of members) {
      const k = model.labels.length;
      row.set(model.weights.subarray(b * k, b * k + k) as Int8Array, o);
    }
    for (let j = 0; j < packedWidth; j++) {
      let v = 0;
      for (let lane = LANES - 1; lane >= 0; lane--) v = v * LANE + row[LANES * j + lane]!;
      table[b * packedWidth + j] = v;
    }
  }
  // Members keep everything but their weights, which now live in the table: the loaded files can be collected.
  const stripped = members.map(({ model, offset: o }) => ({ model: { ...model, weights: new Int8Array(0) }, offset: o }));
  return { bits: first.bits, groups: first.groups, width, packedWidth, table, members: stripped };
}

/**
 * Groups the int8 models by (bits, groups) into banks. Binary models left alone in their group stay as they
 * are: two weights a row are already cheap.
 */
export function bankModels(models: Iterable<LinearModel>): ModelBank[] {
  const byKey = new Map<string, LinearModel[]>();
  for (const m of models) {
    if (!(m.weights instanceof Int8Array)) continue;
    const key = `${m.bits}|${m.groups.join(',')}`;
    byKey.set(key, [...(byKey.get(key) ?? []), m]);
  }
  return [...byKey.values()].filter((g) => g.length > 1 || (g[0]?.labels.length ?? 0) > 2).map(buildBank);
}

/** Splits packed lane sums into `out` (signed integers), adding `scale` times each. */
function unpackInto(packed: Float64Array, out: Float64Array, scale: number): void {
  for (let j = 0; j < packed.length; j++) {
    let v = packed[j]!;
    for (let lane = 0; lane < LANES; lane++) {
      let r = v - Math.floor(v / LANE) * LANE;
      if (r >= HALF_LANE) r -= LANE;
      const c = LANES * j + lane;
      if (c < out.length) out[c]! += r * scale;
      v = (v - r) / LANE;
    }
  }
}

/** Fills `out` (length bank.width) with every member's n-gram sums, each group scaled by 1/sqrt(its size). */
export function accumulateBank(bank: ModelBank, features: FeatureSet, out: Float64Array): void {
  const { table, packedWidth: pw } = bank;
  const mask = (1 << bank.bits) - 1;
  const acc = new Float64Array(pw);
  const rows = new Int32Array(Math.min(CHUNK, features.hashes.length));
  out.fill(0);
  const hashes = features.hashes;
  for (const group of bank.groups) {
    const g = GROUP_POSITION.get(group) ?? 0;
    const from = features.start[g]!;
    const to = features.start[g + 1]!;
    if (to <= from) continue;
    const value = 1 / Math.sqrt(to - from);
    for (let chunk = from; chunk < to; chunk += CHUNK) {
      const end = Math.min(to, chunk + CHUNK);
      const n = end - chunk;
      for (let i = 0; i < n; i++) rows[i] = (hashes[chunk + i]! & mask) * pw;
      // Column by column with a scalar accumulator: V8 keeps it in a register, ~30% faster than row by row.
      for (let c = 0; c < pw; c++) {
        let sum = 0;
        for (let i = 0; i < n; i++) sum += table[rows[i]! + c]!;
        acc[c] = sum;
      }
      unpackInto(acc, out, value);
    }
  }
}
