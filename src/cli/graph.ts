/** `asl-temporal graph <definition>`: a diagram of the machine, optionally marked with what an execution did. */
import { type Command, Option } from 'commander';
import { StateMachineClient } from '../client/state-machine-client';
import { drawGraph, type GraphFormat, type GraphMarks } from '../importer/graph';
import { type TraceEvent } from '../interpreter/trace';
import { type ClusterCliOptions, connect, withClusterOptions } from './cluster';
import { loadDefinition } from './inputs';

interface GraphCommandOptions extends ClusterCliOptions {
  readonly format: GraphFormat;
  readonly execution?: string;
  readonly substitute?: string[];
}

/** The states an execution entered, and the one it failed in (entered, never exited, execution failed). */
export function marksFromTrace(events: readonly TraceEvent[]): GraphMarks {
  const visited = new Set<string>();
  const open = new Map<string, number>();
  for (const e of events) {
    if (!e.state) continue;
    if (e.type === 'StateEntered') {
      visited.add(e.state);
      open.set(e.state, (open.get(e.state) ?? 0) + 1);
    } else if (e.type === 'StateExited') {
      open.set(e.state, (open.get(e.state) ?? 1) - 1);
    }
  }
  const failedRun = events.some((e) => e.type === 'ExecutionFailed');
  const stillOpen = [...events]
    .reverse()
    .find((e) => e.type === 'StateEntered' && e.state && (open.get(e.state) ?? 0) > 0);
  return { visited, failed: failedRun ? stillOpen?.state : undefined };
}

/** Adds the `graph` command to a program. */
export function register(program: Command): void {
  withClusterOptions(
    program
      .command('graph')
      .description('Draw the state machine (Mermaid or Graphviz dot), like the Step Functions console.')
      .argument('<definition>', 'the definition file')
      .addOption(
        new Option('--format <format>', 'diagram language').choices(['mermaid', 'dot']).default('mermaid'),
      )
      .option(
        '--execution <name>',
        'mark the states this execution visited and the one it failed in (needs a cluster)',
      )
      .option('--substitute <Name=Value...>', 'definition substitutions for ${Name} placeholders'),
  )
    .addHelpText(
      'after',
      '\nExamples:\n  $ asl-temporal graph order.asl.json > order.mmd\n  $ asl-temporal graph order.asl.json --format dot --execution order-42 | dot -Tpng > order-42.png',
    )
    .action(async (definition: string, options: GraphCommandOptions) => {
      const imported = await loadDefinition(definition, options.substitute);
      let marks: GraphMarks = {};
      if (options.execution) {
        const cluster = await connect(options);
        try {
          const history = await new StateMachineClient(cluster.client).getExecutionHistory(options.execution);
          marks = marksFromTrace(history.events);
        } finally {
          await cluster.close();
        }
      }
      process.stdout.write(`${drawGraph(imported.machine, options.format, marks)}\n`);
    });
}
