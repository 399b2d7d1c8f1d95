/**
 * The one local function of the worker-crash test. It appends each call (workflow, activity id and attempt from the
 * activity's own info, and the ASL state, item and retry count from its event) to $ASL_CRASH_CALL_LOG when it starts
 * and when it ends, works for a random 0.2-1 s so that a killed worker has calls in flight, then answers.
 */
const { appendFileSync } = require('node:fs');
const { randomUUID } = require('node:crypto');
const { setTimeout: sleep } = require('node:timers/promises');
const { Context } = require('@temporalio/activity');

function log(entry) {
  // One short line per write with O_APPEND: lines from concurrent calls and from successive workers never interleave.
  appendFileSync(process.env.ASL_CRASH_CALL_LOG, `${JSON.stringify(entry)}\n`);
}

function failure(name, message) {
  return Object.assign(new Error(message), { name });
}

async function handler(event) {
  const info = Context.current().info;
  const call = {
    callId: randomUUID(),
    workflowId: info.workflowExecution.workflowId,
    activityId: info.activityId,
    attempt: info.attempt,
    state: event.state,
    item: event.item ?? null,
    retry: event.retry ?? 0,
    pid: process.pid,
  };
  log({ ...call, phase: 'start', at: Date.now() });
  await sleep(200 + Math.floor(Math.random() * 800));
  log({ ...call, phase: 'end', at: Date.now() });
  switch (event.state) {
    case 'Prepare':
      return { base: event.n * 10 };
    case 'Double':
      return { doubled: event.item * 2 + event.base };
    case 'Flaky':
      // Fails its first try, so the state's Retry runs it again after a durable 1 s timer.
      if (event.retry === 0) throw failure('TransientError', 'busy, try again');
      return { flaky: event.n + 1 };
    case 'Doomed':
      throw failure('BadInput', 'this call never works');
    default:
      throw failure('UnknownState', `no behaviour for ${event.state}`);
  }
}

module.exports = { handler };
