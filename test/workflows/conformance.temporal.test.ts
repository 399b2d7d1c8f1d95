import { runOnTemporal } from '../../src/conformance/on-temporal';
import { formatSummary } from '../../src/conformance/suite';
import { type ExecutionCase, readCorpus } from '../support/conformance';
import { expectAgreement } from '../support/conformance-ratchet';
import { workflowBundle } from '../support/temporal';

const cases = readCorpus<ExecutionCase>('executions.jsonl');

describe('conformance: executions recorded against AWS, on Temporal (time-skipping server)', () => {
  it(`reproduces the ${cases.length} cases, their causes and their traces`, async () => {
    const report = await runOnTemporal(cases, { concurrency: 8, workflowBundle: workflowBundle() });
    console.log(formatSummary(report));
    expectAgreement(report);
  }, 900_000);
});
