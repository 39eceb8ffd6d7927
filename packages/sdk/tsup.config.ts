import { defineConfig } from 'tsup';

// One output file per source file (not one bundle): a browser bundler then drops whole modules the
// app does not use (`"sideEffects": false`), e.g. the contract's schemas the clients do not need.
export default defineConfig({
  entry: ['src/**/*.ts'],
  bundle: false,
  format: ['esm'],
  target: 'es2022',
  platform: 'neutral',
  dts: {
    entry: {
      index: 'src/index.ts',
      'codes/index': 'src/codes/index.ts',
      'common-passwords': 'src/schemas/common-passwords.ts',
    },
  },
  sourcemap: true,
  clean: true,
});
