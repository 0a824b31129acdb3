import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A directory for scans several files judge (test/helpers/fixture-web.ts).
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Browser tests time network quiet and consent banners; running files side by side on two
    // cores would make them compete for CPU. Unit files are fast either way.
    fileParallelism: false,
  },
});
