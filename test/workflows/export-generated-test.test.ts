/**
 * The `<name>.test.ts` that `asl-temporal export` writes beside a mock-config.json, run as part of the suite:
 * importing the generated file registers its tests (one per MockConfig test case of api-gateway-integration: the
 * exported workflow and the generic workflow must agree on each) in this one.
 */
import '../../examples/api-gateway-integration/exported/apiGatewayIntegration.test';
