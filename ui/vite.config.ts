import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// The UI is served by Tauri from ui/dist (see src-tauri/tauri.conf.json); no dev server is
// configured there, so the tested binary always embeds exactly what `vite build` produced.
export default defineConfig({
  plugins: [svelte()],
  clearScreen: false,
  // The user manual lives in docs/ (the core compiles in the same file for `walklog export
  // manual`); 帮助 imports it from there.
  server: { fs: { allow: ['.', '../docs'] } },
  build: {
    target: 'es2022',
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1500,
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
  },
});
