// Builds a Signal with its score rounded for display and storage.
import type { Signal } from '../domain/triage-result.js';

export function makeSignal<T>(value: T, score: number, reasons: readonly string[]): Signal<T> {
  const bounded = Number.isFinite(score) ? Math.min(1, Math.max(0, score)) : 0;
  return { value, score: Math.round(bounded * 1000) / 1000, reasons };
}

export function percent(p: number): string {
  return `${Math.round(p * 100)}%`;
}
