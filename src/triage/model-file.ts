// The on-disk format of models/: one JSON description per task beside its int8 weight file, and a manifest
// naming the set. Written by training/, read by load-models.ts; the schema is the contract between them.
import { z } from 'zod';
import { FEATURE_GROUPS } from './hashed-features.js';

export const MODEL_FORMAT = 1;
export const MANIFEST_FILE = 'manifest.json';

export const modelMetaSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  task: z.string().min(1),
  labels: z.array(z.string().min(1)).min(2),
  bits: z.number().int().min(8).max(24),
  groups: z.array(z.enum(FEATURE_GROUPS)).min(1),
  scale: z.number().positive(),
  bias: z.array(z.number()),
  offsets: z.array(z.number()),
  denseSource: z.string().optional(),
  denseWeights: z.array(z.number()).optional(),
  weightsFile: z.string().min(1),
  weightsSha256: z.string().length(64),
  /** Provenance and quality, for people: the data files' hashes, the chosen settings and validation scores. */
  dataset: z.string(),
  trainSha256: z.string(),
  validationSha256: z.string(),
  hyperParameters: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string())])),
  validation: z.record(z.string(), z.number()),
  trainingSeconds: z.number(),
});
export type ModelMeta = z.infer<typeof modelMetaSchema>;

export const manifestSchema = z.object({
  format: z.literal(MODEL_FORMAT),
  /** Derived from the weights and settings only, so retraining with the same seed keeps the version. */
  version: z.string().min(1),
  tasks: z.array(z.string().min(1)).min(1),
  seed: z.number().int(),
  trainingSeconds: z.number(),
  /** Word valences read by models whose denseSource is `lexicon`. */
  lexicon: z.string().min(1).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export const metaFileName = (task: string): string => `${task}.json`;
export const weightsFileName = (task: string): string => `${task}.i8`;

export const LEXICON_FILE = 'lexicon.json';

export const lexiconFileSchema = z.object({
  source: z.string(),
  license: z.string(),
  entries: z.record(z.string(), z.number()),
});
