import vue from '@vitejs/plugin-vue';
import Components from 'unplugin-vue-components/vite';
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

/**
 * The web workspace: served under /app/ beside the API (one origin, no CORS). Element Plus components are
 * imported where a template uses them, with their CSS, so the first screen loads only what it shows.
 */
export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/app/',
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // No inline scripts or module preload polyfill: the Content-Security-Policy allows scripts from 'self' only.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    // dist/.vite/manifest.json: which chunks a page loads (the benchmark sums the first screen's).
    manifest: true,
  },
});
