// Published reference scores on each test split, copied from ../shared/data/README.md (and each data set's own
// README), printed beside ours by `npm run eval`.

export interface Reference {
  readonly task: string;
  readonly dataset: string;
  readonly metric: string;
  readonly target: string;
  /** The dependency-free hashed-n-gram logistic regression in ../shared/data/README.md. */
  readonly linearBaseline: string;
  readonly simple: string;
  readonly strong: string;
}

export const REFERENCES: readonly Reference[] = [
  { task: 'sentiment', dataset: 'tweeteval-sentiment', metric: 'macro-recall', target: '≥ 66.0', linearBaseline: '62.78', simple: 'SVM 62.9, FastText 62.9', strong: 'RoBERTa-base 71.3, BERTweet 73.4' },
  { task: 'emotion', dataset: 'tweeteval-emotion', metric: 'macro-F1', target: '≥ 70', linearBaseline: '64.21', simple: 'SVM 64.7, FastText 65.2', strong: 'RoBERTa-base 76.1, BERTweet 79.3' },
  { task: 'offensive', dataset: 'tweeteval-offensive', metric: 'macro-F1', target: '≥ 74', linearBaseline: '70.06', simple: 'SVM 52.3, FastText 73.4', strong: 'RoBERTa-base 79.5, TimeLMs 82.2' },
  { task: 'irony', dataset: 'tweeteval-irony', metric: 'F1 (irony)', target: '≥ 64', linearBaseline: '60.71', simple: 'SVM 61.7, FastText 63.1', strong: 'RoBERTa-base 59.7, TimeLMs 64.5' },
  { task: 'complaint', dataset: 'complaints', metric: 'macro-F1', target: '≥ 85', linearBaseline: '83.24', simple: 'LR ≈ 78 (10-fold CV)', strong: '≈ 79 (paper, CV); ≈ 90 transformers (not re-checked)' },
  { task: 'banking77', dataset: 'banking77', metric: 'accuracy', target: '≥ 91', linearBaseline: '89.09', simple: 'BERT fixed encoder ≈ 87', strong: 'BERT-large ≈ 93.7, USE+ConveRT ≈ 93.4' },
  { task: 'clinc150', dataset: 'clinc150', metric: 'in-scope acc / oos recall', target: '≥ 92 / ≥ 40', linearBaseline: '90.98 / 26.4', simple: 'FastText 89.0 / 9.7, SVM 91.0 / 14.5', strong: 'MLP(USE) 93.5 / 47.4, BERT 96.9 / 40.3' },
  { task: 'language', dataset: 'umsab-multilingual', metric: 'accuracy', target: '≥ 96', linearBaseline: '94.70', simple: 'no published figure', strong: 'no published figure' },
];
