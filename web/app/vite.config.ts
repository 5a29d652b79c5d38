// Builds the agent app into web/app/dist, which the earshot server serves at / (src/server/routes/web-app.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: false,
    // One bundle of our own code and one of React: both stay well under the warning size.
    chunkSizeWarningLimit: 400,
  },
  server: {
    // `npx vite web/app` during development talks to a desk started with `npm start`.
    proxy: { '/api': 'http://127.0.0.1:3000' },
  },
});
