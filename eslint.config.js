// Lint: typescript-eslint's recommended rules plus the dependency direction of STYLE.md §1, so a layering
// violation fails CI instead of waiting for review.
import tseslint from 'typescript-eslint';

const restrict = (patterns, message) => ({ 'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: Array.isArray(group) ? group : [group], message })) }] });

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'data/**', 'web/dist/**', 'web/app/dist/**', '.tmp/**', 'bin/**'] },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  {
    files: ['src/domain/**/*.ts'],
    rules: restrict(['**/store/**', '**/pipeline/**', '**/server/**', '**/cli/**', '**/channels/**', '**/triage/**', 'kysely', 'pino', 'node:*'], 'domain has no I/O and imports only domain (STYLE.md §1)'),
  },
  {
    files: ['src/triage/**/*.ts'],
    rules: restrict(['**/store/**', '**/channels/**', '**/server/**', '**/pipeline/**', '**/cli/**', 'kysely'], 'triage imports only domain (STYLE.md §1)'),
  },
  {
    files: ['src/store/**/*.ts'],
    rules: restrict(['**/pipeline/**', '**/server/**', '**/cli/**', '**/channels/**', '**/triage/**', '**/routing/**', '**/insights/**'], 'store imports only domain (STYLE.md §1)'),
  },
  {
    files: ['src/pipeline/**/*.ts'],
    rules: restrict(['**/server/**', '**/cli/**', 'kysely', ['**/store/*.js', '**/store/**/*.js', '!**/store/index.js']], 'pipeline: no server, cli or kysely; store only through its index (STYLE.md §1)'),
  },
  {
    files: ['src/routing/**/*.ts', 'src/insights/**/*.ts'],
    rules: restrict(['**/channels/**', '**/server/**', '**/cli/**', 'kysely', ['**/store/*.js', '**/store/**/*.js', '!**/store/index.js']], 'routing/insights: domain and store index only (STYLE.md §1)'),
  },
  {
    files: ['src/server/**/*.ts'],
    rules: restrict(['**/cli/**', 'kysely', ['**/store/*.js', '**/store/**/*.js', '!**/store/index.js']], 'server never imports cli or kysely (STYLE.md §1)'),
  },
  {
    files: ['web/app/src/**/*.{ts,tsx}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [{ regex: '^(\\.\\./)+src/(?!server/contract/)', message: 'the web app imports only src/server/contract from the server (STYLE.md §1)' }] }] },
  },
  {
    files: ['src/cli/**/*.ts'],
    rules: restrict(['**/server/routes/**', 'kysely', ['**/store/*.js', '**/store/**/*.js', '!**/store/index.js']], 'cli never imports server internals or kysely (STYLE.md §1)'),
  },
);
