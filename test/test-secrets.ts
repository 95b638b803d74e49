/** The secrets of the test hubs: values for the tests only. */
export const TEST_JWT_SECRET = 'test-jwt-secret-test-jwt-secret-test-jwt';
export const TEST_INTERNAL_SECRET = 'test-internal-secret-test-internal-secret';
