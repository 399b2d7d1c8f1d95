/** The environment variables through which global setup hands the shared servers to the test workers. */
export const SHARED_ENV = {
  devServerAddress: 'ASL_TEST_DEV_SERVER_ADDRESS',
  workflowBundle: 'ASL_TEST_WORKFLOW_BUNDLE',
  awsEndpoint: 'ASL_TEST_AWS_ENDPOINT',
} as const;

/** Reads one of the shared settings, failing with a hint when jest's global setup did not run. */
export function sharedSetting(key: keyof typeof SHARED_ENV): string {
  const value = process.env[SHARED_ENV[key]];
  if (!value) {
    throw new Error(
      `${SHARED_ENV[key]} is not set: run these tests through jest's "temporal" project (npm test), ` +
        'whose global setup starts the Temporal servers.',
    );
  }
  return value;
}
