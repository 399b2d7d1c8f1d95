/** @type {import('jest').Config} */
const transform = { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.jest.json', diagnostics: false }] };
// Exported workflows import the public combinators by the package's name; in this repository that is the source.
const moduleNameMapper = {
  '^asl-temporal/workflow$': '<rootDir>/workflows/lib/index.ts',
  '^asl-temporal/dist/(.*)$': '<rootDir>/$1',
};

// The AWS SDK versions are pinned; their notice about future Node requirements only clutters test output.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** Jest projects: pure unit tests need no server; the others share one pair of servers per run. */
module.exports = {
  testTimeout: 60_000,
  // Two test files at a time on the 2-core machines: most server tests wait (on timers, heartbeat timeouts, other
  // processes) rather than compute, so a second worker fills that time; jest's default would be one.
  maxWorkers: 2,
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: ['<rootDir>/test/unit/**/*.test.ts', '<rootDir>/test/conformance/**/*.test.ts'],
    },
    {
      displayName: 'temporal',
      testEnvironment: 'node',
      transform,
      moduleNameMapper,
      testMatch: [
        '<rootDir>/test/workflows/**/*.test.ts',
        '<rootDir>/test/activities/**/*.test.ts',
        '<rootDir>/test/integration/**/*.test.ts',
        '<rootDir>/test/reliability/**/*.test.ts',
      ],
      setupFiles: ['<rootDir>/test/support/setup-temporal.ts'],
      globalSetup: '<rootDir>/test/support/global-setup.ts',
      globalTeardown: '<rootDir>/test/support/global-teardown.ts',
    },
  ],
};
