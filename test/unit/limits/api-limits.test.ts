/**
 * The API-side limits (StartExecution, the definition, SendTaskSuccess/Failure) and the bounds that keep Temporal's
 * own limits from being reached first, as pure checks.
 */
import { type Client } from '@temporalio/client';
import { type StateMachine } from '../../../src/asl/types';
import {
  checkTaskResponse,
  sendTaskResponse,
  taskOutputOf,
  TaskTokenError,
  taskTokenHint,
} from '../../../src/client/task-tokens';
import {
  cannotContinueAsNew,
  checkExecutionStart,
  checkTaskFailure,
  checkTaskOutput,
  checkTaskOutputText,
  ExecutionPayloadTooLarge,
  HISTORY_GUARD,
  historyNearLimit,
  MAX_PAYLOAD_BYTES,
  MAX_WORKFLOW_PAYLOAD_BYTES,
  ValidationException,
} from '../../../src/dataflow/limits';

const text = (bytes: number): string => 'x'.repeat(bytes - 2);
const PASS = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } } as StateMachine;
const TOKEN = 'asl1:00000000-0000-4000-8000-000000000000:wf';

describe('StartExecution', () => {
  it('refuses an input over 256 KiB first, then a definition over 1 MiB, with AWS ValidationExceptions', () => {
    expect(() => checkExecutionStart({ definition: PASS, input: text(MAX_PAYLOAD_BYTES + 1) })).toThrow(
      "1 validation error detected: Value at 'input' failed to satisfy constraint: Member must have length less than or equal to 262144",
    );
    const huge = { ...PASS, Comment: 'c'.repeat(1048576) };
    expect(() => checkExecutionStart({ definition: huge, input: {} })).toThrow(
      "1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to 1048576",
    );
  });

  it('refuses a definition, input and mocks that would not fit in one Temporal payload, naming each size', () => {
    const mocks = { P: { 0: { Return: text(MAX_WORKFLOW_PAYLOAD_BYTES) } } };
    let thrown: unknown;
    try {
      checkExecutionStart({ definition: PASS, input: {}, mocks });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(ExecutionPayloadTooLarge);
    const error = thrown as ExecutionPayloadTooLarge;
    const definitionBytes = JSON.stringify(PASS).length;
    const mockBytes = JSON.stringify(mocks).length;
    expect(error.parts).toEqual({ definition: definitionBytes, input: 2, mocks: mockBytes });
    expect(error.size).toBe(definitionBytes + 2 + mockBytes);
    expect(error.message).toBe(
      `The execution's definition, input and mocks come to ${error.size} bytes of JSON (definition ${definitionBytes}, ` +
        `input 2, mocks ${mockBytes}), over the ${MAX_WORKFLOW_PAYLOAD_BYTES} bytes one Temporal payload carries ` +
        'here (Temporal refuses 2 MiB): make the mocks or the definition smaller.',
    );
    // A full-size definition with a full-size input still fits.
    const big = { ...PASS, Comment: 'c'.repeat(1048576 - JSON.stringify(PASS).length - 14) };
    expect(() => checkExecutionStart({ definition: big, input: text(MAX_PAYLOAD_BYTES) })).not.toThrow();
  });
});

describe('SendTaskSuccess and SendTaskFailure', () => {
  it("measures a string output as sent, in UTF-8 bytes: 262,144 pass, one more is refused on 'output'", () => {
    expect(() => checkTaskOutputText(text(MAX_PAYLOAD_BYTES))).not.toThrow();
    expect(() => checkTaskOutputText(`"${'é'.repeat(MAX_PAYLOAD_BYTES / 2)}"`)).toThrow(ValidationException);
    // Whitespace counts: the output is the JSON text the caller sent, not its compact form.
    const spaced = `{"a": ${' '.repeat(MAX_PAYLOAD_BYTES)}1}`;
    expect(() => checkTaskOutputText(spaced)).toThrow(
      "1 validation error detected: Value at 'output' failed to satisfy constraint: Member must have length less than or equal to 262144",
    );
    // A JSON value counts as its JSON text: a string value of 262,143 characters is 262,145 bytes with its quotes.
    expect(() => checkTaskOutput({ a: text(MAX_PAYLOAD_BYTES) })).toThrow(ValidationException);
    expect(() => checkTaskOutput(text(MAX_PAYLOAD_BYTES))).not.toThrow();
    expect(() => checkTaskOutput(text(MAX_PAYLOAD_BYTES + 1))).toThrow(ValidationException);
  });

  it('refuses an error over 256 characters and a cause over 32,768', () => {
    expect(() => checkTaskFailure({ error: 'e'.repeat(256), cause: 'c'.repeat(32768) })).not.toThrow();
    expect(() => checkTaskFailure({ error: 'e'.repeat(257) })).toThrow(
      "1 validation error detected: Value at 'error' failed to satisfy constraint: Member must have length less than or equal to 256",
    );
    expect(() => checkTaskFailure({ cause: 'c'.repeat(32769) })).toThrow(
      "1 validation error detected: Value at 'cause' failed to satisfy constraint: Member must have length less than or equal to 32768",
    );
  });

  it('the client refuses an oversized answer as a TaskTokenError before it looks at the token or the server', async () => {
    expect(() => taskOutputOf(text(MAX_PAYLOAD_BYTES + 1))).toThrow(TaskTokenError);
    // Length first, as AWS validates the request before parsing its output.
    expect(() => taskOutputOf(`{${' '.repeat(MAX_PAYLOAD_BYTES)}`)).toThrow(
      expect.objectContaining({ errorName: 'ValidationException' }),
    );
    expect(() => checkTaskResponse({ kind: 'failure', taskToken: TOKEN, error: 'e'.repeat(300) })).toThrow(
      expect.objectContaining({ errorName: 'ValidationException' }),
    );
    const untouched = {
      workflow: {
        getHandle: () => {
          throw new Error('the server must not be asked');
        },
      },
    } as unknown as Client;
    const refusal = sendTaskResponse(untouched, {
      kind: 'success',
      taskToken: 'not-a-token',
      output: text(MAX_PAYLOAD_BYTES + 1),
    });
    await expect(refusal).rejects.toMatchObject({
      name: 'ValidationException',
      errorName: 'ValidationException',
    });
    const error = await refusal.catch((err: TaskTokenError) => err);
    expect(taskTokenHint(error as TaskTokenError)).toContain('262,144 bytes');
  });
});

describe('continue-as-new', () => {
  it('gives up at 40 MiB or 40,000 events of history, below Temporal 50 MiB and 51,200 events', () => {
    expect(HISTORY_GUARD).toEqual({ bytes: 40 * 1024 * 1024, events: 40_000 });
    expect(historyNearLimit({ bytes: HISTORY_GUARD.bytes - 1, events: HISTORY_GUARD.events - 1 })).toBe(
      false,
    );
    expect(historyNearLimit({ bytes: HISTORY_GUARD.bytes, events: 10 })).toBe(true);
    expect(historyNearLimit({ bytes: 0, events: HISTORY_GUARD.events })).toBe(true);
    expect(MAX_WORKFLOW_PAYLOAD_BYTES).toBeLessThan(2 * 1024 * 1024);
  });

  it('says why it fails, with the sizes, as States.Runtime', () => {
    const error = cannotContinueAsNew(3_000_000, { bytes: 41_943_040, events: 12_000 });
    expect(error.error).toBe('States.Runtime');
    expect(error.causeText).toBe(
      "The execution's history reached 12000 events (41943040 bytes) and it cannot continue as new: its " +
        `definition, input, variables and mocks come to 3000000 bytes, over the ${MAX_WORKFLOW_PAYLOAD_BYTES} bytes ` +
        'of one Temporal payload. Keep large data out of variables.',
    );
  });
});
