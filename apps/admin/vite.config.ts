import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/',
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            // React changes far less often than the app: its own chunk stays cached across releases.
            { name: 'react', test: /node_modules[\\/](react|react-dom|react-router|scheduler)[\\/]/ },
          ],
        },
      },
    },
  },
  // `npm run dev` talks to a server started separately (npm run serve -w apps/server).
  server: { port: 5173, proxy: { '/api': { target: 'http://localhost:3000', ws: true } } },
});
