import { runCaseLocally } from '../../src/conformance/runners';
import { formatSummary, runSuite } from '../../src/conformance/suite';
import { type ExecutionCase, readCorpus } from '../support/conformance';
import { expectAgreement } from '../support/conformance-ratchet';

const cases = readCorpus<ExecutionCase>('executions.jsonl');

describe('conformance: executions recorded against AWS, on the local runtime', () => {
  it(`reproduces the ${cases.length} cases, their causes and their traces`, async () => {
    const report = await runSuite('local', cases, runCaseLocally);
    console.log(formatSummary(report));
    expectAgreement(report);
  });
});
