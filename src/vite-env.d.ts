/// <reference types="vite/client" />
// Build flags this app reads (replaced by Vite at build time).
interface ImportMetaEnv {
  /** '1' in builds made for tests (test/e2e/harness.ts): they load the test hook and obey the simulated GPU failure. */
  readonly VITE_TEST_HOOK?: string;
}
