import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';

// Built straight into the jar's static resources: the gateway serves them at /console/ (no CDN, no other origin).
export default defineConfig({
  base: '/console/',
  plugins: [vue()],
  build: {
    outDir: 'target/classes/static/console',
    emptyOutDir: true,
    // ECharts alone is ~600 kB minified even when trimmed to the charts used: split it so the insured pages
    // (phones) never download it.
    chunkSizeWarningLimit: 800,
  },
  test: {
    environment: 'node',
    include: ['src/**/*.test.js'],
  },
});
