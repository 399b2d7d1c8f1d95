import { type StateMachine } from '../../../src/asl/types';
import { marksFromTrace } from '../../../src/cli/graph';
import { drawGraph } from '../../../src/importer/graph';

const machine: StateMachine = {
  StartAt: 'Evaluate',
  States: {
    Evaluate: {
      Type: 'Choice',
      Choices: [{ Variable: '$.orderValue', NumericGreaterThan: 1000, Next: 'Both' }],
      Default: 'Reject',
    },
    Both: {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Images', States: { Images: { Type: 'Pass', End: true } } },
        { StartAt: 'Meta', States: { Meta: { Type: 'Pass', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Reject' }],
      End: true,
    },
    Reject: { Type: 'Fail', Error: 'Rejected' },
  },
};

describe('graph: the machine as the Step Functions console draws it', () => {
  it('draws states, Choice rules, the Default, catchers and nested branches in Mermaid', () => {
    const text = drawGraph(machine, 'mermaid');
    expect(text.split('\n')[0]).toBe('flowchart TD');
    expect(text).toContain('__start__(( )) --> Evaluate');
    expect(text).toContain('Evaluate -->|"rule 1"| Both');
    expect(text).toContain('Evaluate -->|"Default"| Reject');
    expect(text).toContain('Both -->|"catch States.ALL"| Reject');
    expect(text).toMatch(/subgraph Both_0\["Branch 1"\][\s\S]*Both_0_Images/);
    expect(text).toMatch(/subgraph Both_1\["Branch 2"\][\s\S]*Both_1_Meta/);
  });

  it('draws the same machine in Graphviz dot with balanced braces', () => {
    const text = drawGraph(machine, 'dot');
    expect(text.startsWith('digraph StateMachine {')).toBe(true);
    expect(text).toContain('"Evaluate" [shape=diamond');
    expect(text).toContain('"Evaluate" -> "Reject" [label="Default"];');
    expect(text.split('{').length).toBe(text.split('}').length);
  });

  it('marks the states an execution visited and the one it failed in', () => {
    const marks = marksFromTrace([
      { type: 'ExecutionStarted', timestamp: 0 },
      { type: 'StateEntered', timestamp: 0, state: 'Evaluate' },
      { type: 'StateExited', timestamp: 0, state: 'Evaluate' },
      { type: 'StateEntered', timestamp: 0, state: 'Reject' },
      { type: 'ExecutionFailed', timestamp: 0, error: 'Rejected' },
    ]);
    expect([...(marks.visited ?? [])]).toEqual(['Evaluate', 'Reject']);
    expect(marks.failed).toBe('Reject');
    const text = drawGraph(machine, 'mermaid', marks);
    expect(text).toContain('Evaluate{"Evaluate<br/><small>Choice</small>"}:::visited');
    expect(text).toContain('Reject["Reject<br/><small>Fail</small>"]:::failed');
  });
});
