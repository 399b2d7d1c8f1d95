import {
  type ChoiceCondition,
  type ChoiceState,
  type Json,
  type MapState,
  type ParallelState,
  type QueryLanguage,
  type State,
  type SubMachine,
} from '../asl/types';
import { conditionExpression } from './choice-expression';
import { fieldCode } from './field-code';
import { literal, loopShape, successors } from './graph';
import { commentText, identifier, type Names } from './names';

/** What every machine of one exported file shares: identifiers, the helpers it imports, hoisted Retry lists. */
export interface FileContext {
  readonly names: Names;
  /** Condition helpers used (imported from `asl-temporal/workflow`). */
  readonly helpers: Set<string>;
  /** Retry lists that occur more than once, by their JSON text: the module constant that holds them. */
  readonly retries: Map<string, string>;
  /** The exported workflow's function name (Distributed Map batch workflows are named `<workflow>$<state>`). */
  readonly workflowName: string;
  /** Module-level declarations after the workflow function: the batch workflows of Distributed Maps. */
  readonly declarations: string[][];
}

type Jump = (target: string) => string[];

interface Loop {
  readonly header: string;
  readonly label: string;
  used: boolean;
}

/** Raised when structuring would copy too much code (many joins): the machine then becomes a state loop. */
class TooLarge extends Error {}

const lit = literal;

/**
 * Emits the body of one machine (the top level, a branch, an iteration): states in sequence, Choice as if/else,
 * loops as `for (;;)` with `continue`, a state reached from several places written where each reaches it. An
 * irreducible graph, or one whose joins would copy too much, becomes a `switch` state loop (said in a comment).
 */
export class MachineEmitter {
  private readonly states: Record<string, State>;
  private emitted = 0;
  // The top level's outermost loops, each a function its run may resume at, by header: its identifier and lines.
  private loopFunctions = new Map<string, { readonly id: string; lines: string[] }>();
  private outermost: ReadonlySet<string> = new Set();

  constructor(
    private readonly machine: SubMachine,
    private readonly file: FileContext,
    /** The machine's own QueryLanguage, set on its states that have none (a branch's differs from its Parallel's). */
    private readonly language?: QueryLanguage,
    /** The execution's top level: its loops may continue as new (a branch or an iteration cannot). */
    private readonly topLevel = false,
    /** The query language its states default to (their own, else the enclosing machine's). */
    private readonly inherited: QueryLanguage | undefined = language,
  ) {
    this.states = machine.States as Record<string, State>;
  }

  /** The function body's lines. */
  body(): string[] {
    const shape = loopShape(this.machine);
    if (shape.reducible) {
      try {
        if (this.topLevel) this.outermost = shape.outermost;
        const main = this.from(this.machine.StartAt, shape.headers, []);
        const functions = [...this.loopFunctions.entries()];
        // A machine that starts with its loop needs no test: every run starts there.
        const resumes = functions.filter(([, f]) => main.join('\n') !== `return ${f.id}(input);`);
        return [
          ...functions.flatMap(([, f]) => f.lines),
          ...resumes.map(([header, f]) => `if (m.resumedAt === ${lit(header)}) return ${f.id}(input);`),
          ...main,
        ];
      } catch (err) {
        if (!(err instanceof TooLarge)) throw err;
        this.loopFunctions = new Map();
        return this.stateLoop('its many joins would repeat states too often as structured code');
      }
    }
    return this.stateLoop(`its graph is irreducible (${shape.reason})`);
  }

  /**
   * An outermost loop of the top level as a function of its input: the states before it call it, and a run that
   * continued as new at its head (`m.loopHead`) starts there. Everything after the loop is written inside it (its
   * exits return), so the function is the rest of the machine from the header on.
   */
  private loopFunction(name: string, headers: ReadonlySet<string>): string[] {
    let found = this.loopFunctions.get(name);
    if (!found) {
      found = { id: this.file.names.take(`from ${identifier(name)}`), lines: [] };
      this.loopFunctions.set(name, found);
      const loop: Loop = { header: name, label: this.file.names.take(`${name}Loop`), used: false };
      const body = this.state(name, this.jumper(headers, [loop]));
      found.lines = [
        `// '${commentText(name)}' is reached again from later states: a loop, the rest of the machine from there on.`,
        '// A long history continues as new at its head, and the next run starts here.',
        `const ${found.id} = async (input: Json): Promise<Json> => {`,
        `${loop.used ? `${loop.label}: ` : ''}for (;;) {`,
        `await m.loopHead(${lit(name)}, input);`,
        ...body,
        '}',
        '};',
      ];
    }
    return [`return ${found.id}(input);`];
  }

  private jumper(headers: ReadonlySet<string>, loops: Loop[]): Jump {
    return (target) => {
      const index = loops.findIndex((l) => l.header === target);
      if (index < 0) return this.from(target, headers, loops);
      if (index === loops.length - 1) return ['continue;'];
      loops[index].used = true;
      return [`continue ${loops[index].label};`];
    };
  }

  private from(name: string, headers: ReadonlySet<string>, loops: Loop[]): string[] {
    this.emitted += 1;
    if (this.emitted > 3 * Object.keys(this.states).length + 10) throw new TooLarge();
    const jump = this.jumper(headers, loops);
    if (!headers.has(name)) return this.state(name, jump);
    if (this.outermost.has(name)) return this.loopFunction(name, headers);
    const loop: Loop = { header: name, label: this.file.names.take(`${name}Loop`), used: false };
    loops.push(loop);
    const body = this.state(name, jump);
    loops.pop();
    return [
      `// '${commentText(name)}' is reached again from later states: a loop.`,
      `${loop.used ? `${loop.label}: ` : ''}for (;;) {`,
      ...body,
      '}',
    ];
  }

  private stateLoop(reason: string): string[] {
    const jump: Jump = (target) => [`state = ${lit(target)};`, 'continue;'];
    const cases = Object.keys(this.states).flatMap((name) => [
      `case ${lit(name)}: {`,
      ...this.state(name, jump),
      '}',
    ]);
    return [
      `// A state loop rather than structured code: ${reason}.`,
      ...(this.topLevel
        ? [
            '// The execution continues as new before a state when the history grows long.',
            `let state: string = m.resumedAt ?? ${lit(this.machine.StartAt)};`,
            'for (;;) {',
            'await m.loopHead(state, input);',
          ]
        : [`let state: string = ${lit(this.machine.StartAt)};`, 'for (;;) {']),
      'switch (state) {',
      ...cases,
      'default:',
      // Unreachable for a validated definition, whose every Next names a state.
      'throw new Error(`No state ${state}`);',
      '}',
      '}',
    ];
  }

  /** One state's statement(s), then where it goes. */
  private state(name: string, jump: Jump): string[] {
    const state = this.states[name];
    const title = commentText(name);
    const comment = state.Comment ? `// ${title}: ${commentText(state.Comment)}` : `// ${title}`;
    const view = state as {
      readonly End?: boolean;
      readonly Next?: string;
      readonly Catch?: readonly unknown[];
    };
    const then = (output: string) =>
      view.End || view.Next === undefined ? [`return ${output};`] : jump(view.Next);
    switch (state.Type) {
      case 'Succeed':
        return [comment, `return m.succeed(${lit(name)}, ${this.fields(state)}, input);`];
      case 'Fail':
        return [comment, `return m.fail(${lit(name)}, ${this.fields(state)}, input);`];
      case 'Choice':
        return [comment, ...this.choice(name, state, jump)];
      default: {
        const call = this.call(name, state);
        if (view.Catch?.length) return [comment, ...this.caught(name, state, call, jump)];
        if (view.End) return [comment, `return ${call.method}(${call.args});`];
        return [comment, `input = await ${call.method}(${call.args});`, ...then('input')];
      }
    }
  }

  /** The combinator call of a Task, Pass, Wait, Parallel or Map. */
  private call(name: string, state: State): { method: string; args: string; type: string } {
    const type = state.Type;
    if (state.Type === 'Parallel') {
      const branches = (state as ParallelState).Branches.map((branch, i) => {
        const body = new MachineEmitter(
          branch,
          this.file,
          branch.QueryLanguage,
          false,
          branch.QueryLanguage ?? this.inherited,
        ).body();
        return [
          `// Branch ${i + 1}, from ${commentText(branch.StartAt)}`,
          'async (m, input) => {',
          ...body,
          '},',
        ].join('\n');
      });
      return {
        method: 'm.parallel',
        type,
        args: `${lit(name)}, ${this.fields(state)}, input, [\n${branches.join('\n')}\n]`,
      };
    }
    if (state.Type === 'Map') {
      const processor = (state as MapState).ItemProcessor ?? (state as MapState).Iterator;
      if (processor?.ProcessorConfig?.Mode === 'DISTRIBUTED') {
        // A Distributed Map's batches are child workflows: the ItemProcessor becomes one, declared beside the
        // workflow, and the Map keeps only its ProcessorConfig.
        const batch = this.batchWorkflow(name, processor);
        const kept = { ...state, ItemProcessor: { ProcessorConfig: processor.ProcessorConfig } } as State;
        return {
          method: 'm.distributedMap',
          type,
          args: `${lit(name)}, ${this.fields(kept, true)}, input, ${batch}`,
        };
      }
      const body = processor
        ? new MachineEmitter(
            processor,
            this.file,
            processor.QueryLanguage,
            false,
            processor.QueryLanguage ?? this.inherited,
          ).body()
        : [];
      return {
        method: 'm.map',
        type,
        args: `${lit(name)}, ${this.fields(state)}, input, async (m, input) => {\n${body.join('\n')}\n}`,
      };
    }
    return { method: `m.${type.toLowerCase()}`, type, args: `${lit(name)}, ${this.fields(state)}, input` };
  }

  /** Declares the batch workflow of a Distributed Map's ItemProcessor and returns its name. */
  private batchWorkflow(name: string, processor: SubMachine): string {
    const base = `${this.file.workflowName}$${identifier(name)}`;
    const taken = new Set(this.file.declarations.map((d) => d[1]));
    let id = base;
    for (let k = 2; taken.has(id); k += 1) id = `${base}${k}`;
    const body = new MachineEmitter(
      processor,
      this.file,
      processor.QueryLanguage,
      false,
      processor.QueryLanguage ?? this.inherited,
    ).body();
    ['distributedBatch', 'type MapBatch', 'type MapBatchResult'].forEach((h) => this.file.helpers.add(h));
    this.file.declarations.push([
      `/** The ItemProcessor of the Distributed Map '${commentText(name)}': the child workflow each batch of its items runs. */`,
      id,
      `export async function ${id}(batch: MapBatch): Promise<MapBatchResult> {`,
      'return distributedBatch(batch, async (m, input) => {',
      ...body,
      '});',
      '}',
    ]);
    return id;
  }

  /** A Task, Parallel or Map with Catch: its outcome says which catcher caught, and the code goes there. */
  private caught(name: string, state: State, call: { args: string; type: string }, jump: Jump): string[] {
    const handle = this.file.names.take(name);
    const view = state as {
      readonly End?: boolean;
      readonly Next?: string;
      readonly Catch: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
    };
    const lines = [
      `const ${handle} = await m.step(${lit(call.type)}, ${call.args});`,
      `input = ${handle}.output;`,
    ];
    for (const target of successors(state)) {
      // A catcher's target that is also Next needs no test: both ways lead there.
      if (!view.End && target === view.Next) continue;
      const errors = view.Catch.filter((c) => c.Next === target).flatMap((c) => c.ErrorEquals);
      lines.push(`if (${handle}.next === ${lit(target)}) {`, `// Caught: ${commentText(errors.join(', '))}`);
      lines.push(...jump(target), '}');
    }
    return [...lines, ...(view.End || view.Next === undefined ? ['return input;'] : jump(view.Next))];
  }

  /** A Choice: plain conditions where the rules are JSONPath without Assign, else the interpreter picks. */
  private choice(name: string, state: ChoiceState, jump: Jump): string[] {
    const rules = state.Choices as readonly (ChoiceCondition & {
      Next: string;
      Comment?: string;
      Assign?: Json;
    })[];
    const jsonata =
      (state.QueryLanguage ?? this.language) === 'JSONata' || rules.some((r) => 'Condition' in r);
    const handle = this.file.names.take(name);
    if (jsonata || state.Assign !== undefined || rules.some((r) => r.Assign !== undefined)) {
      const targets = successors(state);
      const lines = [
        `const ${handle} = await m.step('Choice', ${lit(name)}, ${this.fields(state, true)}, input);`,
        `input = ${handle}.output;`,
      ];
      targets.forEach((target, i) => {
        if (i === targets.length - 1) lines.push(...jump(target));
        else lines.push(`if (${handle}.next === ${lit(target)}) {`, ...jump(target), '}');
      });
      return lines;
    }
    const paths: Record<string, Json> = {};
    if (state.InputPath !== undefined) paths.InputPath = state.InputPath;
    if (state.OutputPath !== undefined) paths.OutputPath = state.OutputPath;
    const extra = Object.keys(paths).length ? `, ${lit(paths)}` : '';
    const lines = [`const ${handle} = await m.choice(${lit(name)}, input${extra});`];
    rules.forEach((rule, i) => {
      const test = conditionExpression(rule, handle, this.file.helpers);
      lines.push(`${i === 0 ? 'if' : '} else if'} (${test}) {`);
      if (rule.Comment) lines.push(`// ${commentText(rule.Comment)}`);
      lines.push(`input = ${handle}.exit();`, ...jump(rule.Next));
    });
    lines.push('} else {');
    if (state.Default !== undefined) lines.push(`input = ${handle}.exit();`, ...jump(state.Default));
    else lines.push(`throw ${handle}.noMatch();`);
    lines.push('}');
    return lines;
  }

  /** The state's fields as an object literal: what the code does not already say (Type, Next, End, nested machines). */
  private fields(state: State, keepNested = false): string {
    const omit = new Set(['Type', 'Next', 'End', 'Comment']);
    if (!keepNested) ['Branches', 'ItemProcessor', 'Iterator'].forEach((k) => omit.add(k));
    if (state.Type === 'Choice')
      ['Choices', 'Default'].forEach((k) => (keepNested ? undefined : omit.add(k)));
    const entries = Object.entries(state as unknown as Record<string, Json>).filter(([k]) => !omit.has(k));
    if (this.language && state.QueryLanguage === undefined) entries.unshift(['QueryLanguage', this.language]);
    // JSONPath fields write their simple paths as `$` references; JSONata's are expressions, kept as text.
    const jsonPath = (state.QueryLanguage ?? this.inherited) !== 'JSONata';
    const parts = entries.map(([key, value]) => {
      const hoisted = key === 'Retry' ? this.file.retries.get(JSON.stringify(value)) : undefined;
      return `${lit(key)}: ${hoisted ?? (jsonPath ? fieldCode(key, value, this.file.helpers) : lit(value))}`;
    });
    return `{ ${parts.join(', ')} }`;
  }
}
