import { type ChoiceRule, itemProcessorOf, type State, type SubMachine } from '../asl/types';

/** A diagram format the console-like graph can be drawn in. */
export type GraphFormat = 'mermaid' | 'dot';

/** What an execution did, to mark on the diagram. */
export interface GraphMarks {
  readonly visited?: ReadonlySet<string>;
  readonly failed?: string;
}

interface Edge {
  readonly from: string;
  readonly to: string;
  readonly label?: string;
}

interface Node {
  readonly id: string;
  readonly name: string;
  readonly type: State['Type'] | 'Start' | 'End';
  /** The sub-machines drawn inside this node (Parallel branches, a Map's processor). */
  readonly children: readonly { readonly title: string; readonly machine: SubMachine }[];
}

function transitions(name: string, state: State): Edge[] {
  const edges: Edge[] = [];
  const next = (to: string | undefined, label?: string) => to && edges.push({ from: name, to, label });
  switch (state.Type) {
    case 'Choice':
      state.Choices.forEach((rule: ChoiceRule, i) => next(rule.Next, `rule ${i + 1}`));
      next(state.Default, 'Default');
      break;
    case 'Succeed':
    case 'Fail':
      break;
    default:
      if (state.End) edges.push({ from: name, to: '__end__' });
      else next(state.Next);
  }
  if ('Catch' in state) state.Catch?.forEach((c) => next(c.Next, `catch ${c.ErrorEquals.join(', ')}`));
  return edges;
}

function collect(machine: SubMachine, prefix: string): { nodes: Node[]; edges: Edge[]; start: string } {
  const id = (name: string) => `${prefix}${name}`.replace(/[^A-Za-z0-9_]/g, '_');
  const nodes: Node[] = [];
  const edges: Edge[] = [];
  for (const [name, state] of Object.entries(machine.States)) {
    const children =
      state.Type === 'Parallel'
        ? state.Branches.map((b, i) => ({ title: `Branch ${i + 1}`, machine: b }))
        : state.Type === 'Map'
          ? [{ title: 'Item processor', machine: itemProcessorOf(state) }]
          : [];
    nodes.push({ id: id(name), name, type: state.Type, children });
    for (const e of transitions(name, state)) {
      edges.push({
        from: id(e.from),
        to: e.to === '__end__' ? `${prefix}__end__` : id(e.to),
        label: e.label,
      });
    }
  }
  return { nodes, edges, start: id(machine.StartAt) };
}

function mermaidClass(name: string, marks: GraphMarks): string {
  if (marks.failed === name) return ':::failed';
  return marks.visited?.has(name) ? ':::visited' : '';
}

function mermaid(machine: SubMachine, prefix: string, marks: GraphMarks, indent: string): string[] {
  const { nodes, edges, start } = collect(machine, prefix);
  const lines = [`${indent}${prefix}__start__(( )) --> ${start}`];
  let hasEnd = false;
  for (const node of nodes) {
    const label = `"${node.name.replace(/"/g, "'")}<br/><small>${node.type}</small>"`;
    if (node.children.length === 0) {
      const shape = node.type === 'Choice' ? `{${label}}` : `[${label}]`;
      lines.push(`${indent}${node.id}${shape}${mermaidClass(node.name, marks)}`);
      continue;
    }
    lines.push(`${indent}subgraph ${node.id}[${label}]`);
    node.children.forEach((child, i) => {
      lines.push(`${indent}  subgraph ${node.id}_${i}["${child.title}"]`);
      lines.push(...mermaid(child.machine, `${node.id}_${i}_`, marks, `${indent}    `));
      lines.push(`${indent}  end`);
    });
    lines.push(`${indent}end`);
  }
  for (const e of edges) {
    if (e.to.endsWith('__end__')) hasEnd = true;
    lines.push(`${indent}${e.from} -->${e.label ? `|"${e.label}"|` : ''} ${e.to}`);
  }
  const terminal = nodes.filter((n) => n.type === 'Succeed' || n.type === 'Fail');
  for (const n of terminal) lines.push(`${indent}${n.id} --> ${prefix}__end__`);
  if (hasEnd || terminal.length > 0) lines.push(`${indent}${prefix}__end__((( )))`);
  return lines;
}

function dot(machine: SubMachine, prefix: string, marks: GraphMarks, indent: string): string[] {
  const { nodes, edges, start } = collect(machine, prefix);
  const lines = [
    `${indent}"${prefix}__start__" [shape=circle,label="",width=0.2]; "${prefix}__start__" -> "${start}";`,
  ];
  for (const node of nodes) {
    const color =
      marks.failed === node.name
        ? ',style=filled,fillcolor="#f8b4b4"'
        : marks.visited?.has(node.name)
          ? ',style=filled,fillcolor="#b7e4c7"'
          : '';
    if (node.children.length === 0) {
      const shape = node.type === 'Choice' ? 'diamond' : 'box';
      lines.push(
        `${indent}"${node.id}" [shape=${shape},label="${node.name.replace(/"/g, '\\"')}\\n${node.type}"${color}];`,
      );
      continue;
    }
    lines.push(
      `${indent}subgraph "cluster_${node.id}" { label="${node.name.replace(/"/g, '\\"')} (${node.type})";`,
    );
    lines.push(`${indent}  "${node.id}" [shape=point];`);
    node.children.forEach((child, i) => {
      lines.push(`${indent}  subgraph "cluster_${node.id}_${i}" { label="${child.title}";`);
      lines.push(...dot(child.machine, `${node.id}_${i}_`, marks, `${indent}    `));
      lines.push(`${indent}  }`);
    });
    lines.push(`${indent}}`);
  }
  for (const e of edges)
    lines.push(
      `${indent}"${e.from}" -> "${e.to}"${e.label ? ` [label="${e.label.replace(/"/g, '\\"')}"]` : ''};`,
    );
  for (const n of nodes.filter((x) => x.type === 'Succeed' || x.type === 'Fail'))
    lines.push(`${indent}"${n.id}" -> "${prefix}__end__";`);
  lines.push(`${indent}"${prefix}__end__" [shape=doublecircle,label="",width=0.2];`);
  return lines;
}

/**
 * Draws a state machine as the Step Functions console does: states and transitions, Choice rules and catchers
 * labelled, Parallel branches and Map processors nested; with marks, the visited states and the failed one coloured.
 */
export function drawGraph(machine: SubMachine, format: GraphFormat, marks: GraphMarks = {}): string {
  switch (format) {
    case 'mermaid':
      return [
        'flowchart TD',
        ...mermaid(machine, '', marks, '  '),
        '  classDef visited fill:#b7e4c7,stroke:#2d6a4f',
        '  classDef failed fill:#f8b4b4,stroke:#c0392b',
      ].join('\n');
    case 'dot':
      return ['digraph StateMachine {', '  rankdir=TB;', ...dot(machine, '', marks, '  '), '}'].join('\n');
  }
}
