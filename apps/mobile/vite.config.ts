import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { phoneApp } from './pwa/plugin.mjs';

export default defineConfig({
  base: '/m/',
  plugins: [react(), phoneApp()],
  build: { outDir: 'dist', emptyOutDir: true },
  // `npm run dev` talks to a server started separately (npm run serve -w apps/server).
  server: { port: 5174, proxy: { '/api': { target: 'http://localhost:3000', ws: true } } },
});
