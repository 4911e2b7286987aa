// Vite build of the console (Vue 3 + Element Plus): root web/, output dist/web, dev proxy of the hub's HTTP and socket.io.
import { fileURLToPath } from 'node:url';
import vue from '@vitejs/plugin-vue';
import components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { defineConfig } from 'vite';

/** The hub the dev server forwards to (override with VIGIL_DEV_TARGET, e.g. a second hub on another port). */
const target = process.env.VIGIL_DEV_TARGET ?? 'http://127.0.0.1:8080';
const proxied = { target, changeOrigin: false };

/**
 * How the console's sources are compiled: shared by the build and the component tests. The build imports each Element
 * Plus component's own CSS; the tests load Element Plus's whole stylesheet once instead (`importStyle: false`).
 */
export const consoleCompile = (importStyle: 'css' | false = 'css') => ({
  plugins: [
    vue(),
    // Element Plus components used in templates are imported where they are used, with their own CSS only.
    components({
      dirs: [],
      resolvers: [ElementPlusResolver({ importStyle })],
      // The build keeps the components' type declarations up to date for vue-tsc.
      dts: importStyle ? fileURLToPath(new URL('./src/components.d.ts', import.meta.url)) : false,
    }),
  ],
  define: {
    // Composition API only, no devtools hooks in the build: smaller bundles.
    __VUE_PROD_DEVTOOLS__: false,
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: false,
    __VUE_I18N_LEGACY_API__: false,
    __VUE_I18N_FULL_INSTALL__: false,
    __INTLIFY_PROD_DEVTOOLS__: false,
  },
  resolve: {
    // The light build has everything live view needs (LL-HLS included) without EME, subtitles and CMCD.
    alias: [{ find: /^hls\.js$/, replacement: 'hls.js/dist/hls.light.mjs' }],
  },
});

export default defineConfig({
  ...consoleCompile(),
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/',
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    // Read by the bundle-size report: which chunks and stylesheets each page loads.
    manifest: true,
  },
  server: {
    host: '127.0.0.1',
    port: 5173,
    proxy: {
      '/api': proxied,
      '/live': proxied,
      '/playback': proxied,
      '/healthz': proxied,
      '/socket.io': { ...proxied, ws: true },
    },
  },
});
