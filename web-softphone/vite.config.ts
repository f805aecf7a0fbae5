import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The agent desktop: plain TypeScript and DOM, built into web-softphone/dist, served by the daemon at `/`. */
const here = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  root: here,
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 600,
  },
  server: {
    // `npx vite --config web-softphone/vite.config.ts` against a daemon on :8080.
    proxy: {
      '/api': 'http://127.0.0.1:8080',
      '/ws': { target: 'ws://127.0.0.1:8080', ws: true },
    },
  },
});
