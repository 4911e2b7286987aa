// Vite build of the console: root web/, output dist/web, dev proxy of the hub's HTTP and socket.io.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/** The hub the dev server forwards to (override with VIGIL_DEV_TARGET, e.g. a second hub on another port). */
const target = process.env.VIGIL_DEV_TARGET ?? 'http://127.0.0.1:8080';
const proxied = { target, changeOrigin: false };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  resolve: {
    // The light build has everything live view needs (LL-HLS included) without EME, subtitles and CMCD.
    alias: [{ find: /^hls\.js$/, replacement: 'hls.js/dist/hls.light.mjs' }],
  },
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': proxied,
      '/live': proxied,
      '/healthz': proxied,
      '/socket.io': { ...proxied, ws: true },
    },
  },
});
