import { type Json } from '../asl/types';
import { type MockedResponse, type TaskMocks } from '../interpreter/mocks';

/** A problem with a mock config, located by a path into the file. */
export class MockConfigError extends Error {
  constructor(
    readonly location: string,
    message: string,
  ) {
    super(`${location}: ${message}`);
    this.name = 'MockConfigError';
  }
}

type JsonRecord = { readonly [key: string]: Json };

function isRecord(value: Json | undefined): value is JsonRecord {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Expands one mocked response ("0", "1-3" keys) into the ordered list of answers. */
function expandResponses(name: string, spec: Json | undefined): MockedResponse[] {
  const where = `/MockedResponses/${name}`;
  if (!isRecord(spec))
    throw new MockConfigError(where, 'expected an object of invocation ranges ("0", "1-2") to responses');
  const answers: MockedResponse[] = [];
  for (const [range, response] of Object.entries(spec)) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(range);
    if (!match)
      throw new MockConfigError(
        `${where}/${range}`,
        'expected an invocation index like "0" or a range like "1-3"',
      );
    const from = Number(match[1]);
    const to = match[2] === undefined ? from : Number(match[2]);
    if (!isRecord(response) || (!('Return' in response) && !('Throw' in response))) {
      throw new MockConfigError(
        `${where}/${range}`,
        'expected {"Return": ...} or {"Throw": {"Error": ..., "Cause": ...}}',
      );
    }
    let answer: MockedResponse;
    if ('Throw' in response) {
      const thrown = response.Throw;
      if (!isRecord(thrown) || typeof thrown.Error !== 'string') {
        throw new MockConfigError(
          `${where}/${range}/Throw`,
          'expected {"Error": "<name>", "Cause": "<text>"}',
        );
      }
      answer = {
        Throw: { Error: thrown.Error, Cause: typeof thrown.Cause === 'string' ? thrown.Cause : undefined },
      };
    } else {
      answer = { Return: response.Return as Json };
    }
    for (let i = from; i <= to; i++) answers[i] = answer;
  }
  for (let i = 0; i < answers.length; i++) {
    if (!answers[i])
      throw new MockConfigError(
        where,
        `invocation ${i} has no response (ranges must start at 0 without gaps)`,
      );
  }
  return answers;
}

/**
 * Reads an AWS Step Functions Local mock config (`StateMachines.<name>.TestCases.<case>` mapping states to
 * `MockedResponses`) into the mocks of one test case. With one state machine in the file its name may be omitted.
 */
export function mocksFromConfig(config: Json, testCase: string, stateMachineName?: string): TaskMocks {
  if (!isRecord(config))
    throw new MockConfigError('/', 'expected a JSON object with StateMachines and MockedResponses');
  const machines = config.StateMachines;
  const responses = config.MockedResponses;
  if (!isRecord(machines))
    throw new MockConfigError('/StateMachines', 'expected an object of state machines');
  if (!isRecord(responses))
    throw new MockConfigError('/MockedResponses', 'expected an object of mocked responses');
  const names = Object.keys(machines);
  const name =
    stateMachineName !== undefined && names.includes(stateMachineName)
      ? stateMachineName
      : names.length === 1
        ? names[0]
        : undefined;
  if (name === undefined) {
    throw new MockConfigError(
      '/StateMachines',
      `no state machine named "${stateMachineName ?? ''}" (have: ${names.join(', ')})`,
    );
  }
  const machine = machines[name];
  const cases = isRecord(machine) ? machine.TestCases : undefined;
  if (!isRecord(cases))
    throw new MockConfigError(`/StateMachines/${name}/TestCases`, 'expected an object of test cases');
  const chosen = cases[testCase];
  if (!isRecord(chosen)) {
    throw new MockConfigError(
      `/StateMachines/${name}/TestCases`,
      `no test case "${testCase}" (have: ${Object.keys(cases).join(', ')})`,
    );
  }
  const mocks: Record<string, MockedResponse[]> = {};
  for (const [state, responseName] of Object.entries(chosen)) {
    if (typeof responseName !== 'string' || !(responseName in responses)) {
      throw new MockConfigError(
        `/StateMachines/${name}/TestCases/${testCase}/${state}`,
        `names no entry of MockedResponses: ${JSON.stringify(responseName)}`,
      );
    }
    mocks[state] = expandResponses(responseName, responses[responseName]);
  }
  return mocks;
}
