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
  /** Lambda ARN prefixes (`arn:aws:lambda:<region>:<account>:function:`) by the module constant that holds them. */
  readonly lambdaPrefixes: Map<string, string>;
}

// A Lambda function's ARN: its prefix (region, account), and a name a template literal can hold as it is.
const LAMBDA_ARN = /^(arn:aws:lambda:[a-z0-9-]+:[0-9]{12}:function:)([A-Za-z0-9_.:-]+)$/;

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
        const call = this.withRetry(state, this.call(name, state));
        if (view.Catch?.length) return [comment, ...this.caught(name, state, call, jump)];
        if (view.End) return [comment, `return ${call};`];
        return [comment, `input = await ${call};`, ...then('input')];
      }
    }
  }

  /** The combinator call of a Task, Pass, Wait, Parallel or Map. */
  private call(name: string, state: State): { method: string; args: string } {
    const type = state.Type;
    if (state.Type === 'Parallel') {
      const branches = (state as ParallelState).Branches.map((branch, i) => {
        const body = this.nestedBody(branch);
        return [
          `// Branch ${i + 1}, from ${commentText(branch.StartAt)}`,
          'async (m, input) => {',
          ...body,
          '},',
        ].join('\n');
      });
      return {
        method: 'm.parallel',
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
          args: `${lit(name)}, ${this.fields(kept, true)}, input, ${batch}`,
        };
      }
      const body = processor ? this.nestedBody(processor) : [];
      return {
        method: 'm.map',
        args: `${lit(name)}, ${this.fields(state)}, input, async (m, input) => {\n${body.join('\n')}\n}`,
      };
    }
    return { method: `m.${type.toLowerCase()}`, args: `${lit(name)}, ${this.fields(state)}, input` };
  }

  /** The body of a branch or processor: its own QueryLanguage, else this machine's. */
  private nestedBody(machine: SubMachine): string[] {
    const language = machine.QueryLanguage;
    return new MachineEmitter(machine, this.file, language, false, language ?? this.inherited).body();
  }

  /** Declares the batch workflow of a Distributed Map's ItemProcessor and returns its name. */
  private batchWorkflow(name: string, processor: SubMachine): string {
    const base = `${this.file.workflowName}$${identifier(name)}`;
    const taken = new Set(this.file.declarations.map((d) => d[1]));
    let id = base;
    for (let k = 2; taken.has(id); k += 1) id = `${base}${k}`;
    const body = this.nestedBody(processor);
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

  /** The state's call, under `retry(...)` when it has a Retry (which its executor runs, inside the state). */
  private withRetry(state: State, call: { method: string; args: string }): string {
    const expression = `${call.method}(${call.args})`;
    const retriers = (state as { readonly Retry?: readonly Json[] }).Retry;
    if (!retriers?.length) return expression;
    this.file.helpers.add('retry');
    return `retry(${this.file.retries.get(JSON.stringify(retriers)) ?? lit(retriers as Json)}, ${expression})`;
  }

  /** A Task, Parallel or Map with Catch: `withCatch` gives its outcome, whose `next` says which catcher caught. */
  private caught(name: string, state: State, call: string, jump: Jump): string[] {
    const handle = this.file.names.take(name);
    const view = state as {
      readonly End?: boolean;
      readonly Next?: string;
      readonly Catch: readonly { readonly ErrorEquals: readonly string[]; readonly Next: string }[];
    };
    this.file.helpers.add('withCatch');
    const catchers = this.jsonPath(state)
      ? fieldCode('Catch', view.Catch as unknown as Json, this.file.helpers)
      : lit(view.Catch as unknown as Json);
    const lines = [`const ${handle} = await withCatch(${call}, ${catchers});`, `input = ${handle}.output;`];
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
  /** A Task's Resource: a Lambda function as `${LAMBDA}name` over its module constant, anything else as is. */
  private resource(value: Json): string {
    const arn = typeof value === 'string' ? LAMBDA_ARN.exec(value) : null;
    if (!arn) return lit(value);
    const prefixes = this.file.lambdaPrefixes;
    let id = prefixes.get(arn[1]);
    if (!id) {
      id = prefixes.size === 0 ? 'LAMBDA' : `LAMBDA_${prefixes.size + 1}`;
      prefixes.set(arn[1], id);
    }
    return `\`\${${id}}${arn[2]}\``;
  }

  /** Whether a state's fields are JSONPath (their simple paths written as `$` references). */
  private jsonPath(state: State): boolean {
    return (state.QueryLanguage ?? this.inherited) !== 'JSONata';
  }

  private fields(state: State, keepNested = false): string {
    const omit = new Set(['Type', 'Next', 'End', 'Comment']);
    // Retry and Catch are written as `retry(...)` and `withCatch(...)` around the state's call.
    if (state.Type === 'Task' || state.Type === 'Parallel' || state.Type === 'Map')
      ['Retry', 'Catch'].forEach((k) => omit.add(k));
    if (!keepNested) ['Branches', 'ItemProcessor', 'Iterator'].forEach((k) => omit.add(k));
    if (state.Type === 'Choice')
      ['Choices', 'Default'].forEach((k) => (keepNested ? undefined : omit.add(k)));
    const entries = Object.entries(state as unknown as Record<string, Json>).filter(([k]) => !omit.has(k));
    if (this.language && state.QueryLanguage === undefined) entries.unshift(['QueryLanguage', this.language]);
    // JSONPath fields write their simple paths as `$` references; JSONata's are expressions, kept as text.
    const jsonPath = this.jsonPath(state);
    const parts = entries.map(([key, value]) => {
      if (key === 'Resource') return `${lit(key)}: ${this.resource(value)}`;
      const hoisted = key === 'Retry' ? this.file.retries.get(JSON.stringify(value)) : undefined;
      return `${lit(key)}: ${hoisted ?? (jsonPath ? fieldCode(key, value, this.file.helpers) : lit(value))}`;
    });
    return `{ ${parts.join(', ')} }`;
  }
}
