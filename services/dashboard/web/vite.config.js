// Builds the dashboard's pages into dist/ (served by wa-dashboard from DASHBOARD_WEB_DIR). Everything is bundled:
// no inline script or style (the server's Content-Security-Policy forbids them) and nothing from a CDN.
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:8080' } },
});
