import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// API routes the dev server forwards to a running API (`npm start`), so `nx run wizard:serve`
// works with hot reload; in production the API itself serves the built files at /app.
const apiPrefixes = [
  '/franchises',
  '/invitation',
  '/invitations',
  '/jobs',
  '/merchant-accounts',
  '/shops',
  '/fields-tokens',
  '/events',
  '/drift-checks',
  '/webhook-endpoints',
  '/health',
];

export default defineConfig({
  root,
  base: '/app/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/wizard', import.meta.url)),
    emptyOutDir: true,
  },
  server: {
    port: 4200,
    proxy: Object.fromEntries(
      apiPrefixes.map((prefix) => [prefix, process.env.API_URL ?? 'http://localhost:3000']),
    ),
  },
});
