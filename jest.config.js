/**
 * One Jest configuration for every project. TEST_DB picks the database of the
 * database tests (`*.db.spec.ts` and apps/api/test): pglite (default) or postgres.
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

// The wizard's component tests: TSX with React's automatic runtime (they pick jsdom per file).
const swcTsx = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', tsx: true },
      transform: { react: { runtime: 'automatic' } },
      target: 'es2022',
    },
    module: { type: 'commonjs' },
  },
];

/** @type {import('jest').Config} */
const config = {
  rootDir: '.',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.{ts,tsx}'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  transform: { '^.+\\.ts$': swc, '^.+\\.tsx$': swcTsx },
  moduleNameMapper: {
    '^@api/(.*)$': '<rootDir>/apps/api/src/$1',
    '^@platform/api-types$': '<rootDir>/libs/api-types/src/index.ts',
    '^@platform/tokens$': '<rootDir>/libs/shared/tokens/src/index.ts',
    '^@platform/pagination$': '<rootDir>/libs/shared/pagination/src/index.ts',
    '^@platform/problem-details$': '<rootDir>/libs/shared/problem-details/src/index.ts',
    '^@platform/capabilities$': '<rootDir>/libs/capabilities/src/index.ts',
    '^@platform/testing$': '<rootDir>/libs/testing/src/index.ts',
    '^@platform/saferpay-contract$': '<rootDir>/libs/saferpay/contract/src/index.ts',
    '^@platform/saferpay-client$': '<rootDir>/libs/saferpay/client/src/index.ts',
    '^@platform/shop-client$': '<rootDir>/libs/shop-client/src/index.ts',
  },
  globalSetup: '<rootDir>/libs/testing/src/jest-global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/jest-global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};

module.exports = config;
