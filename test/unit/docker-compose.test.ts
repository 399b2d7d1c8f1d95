/**
 * docker-compose.yml and the Dockerfile cannot be run here (no Docker engine), so they are checked as data:
 * against the Compose Specification's JSON schema, then for the wiring a user relies on.
 *
 * The schema is the Compose Specification's own `schema/compose-spec.json` (draft-07, Apache-2.0,
 * github.com/compose-spec/compose-spec), as copied into the npm package `dclint` (MIT, a dev
 * dependency pinned in package.json) at `schemas/compose.schema.json`. Taking it from a package rather than
 * vendoring it keeps its origin visible and lets an upgrade of dclint bring the newer specification.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { parse } from 'yaml';

const root = join(__dirname, '..', '..');

type Environment = Record<string, string | number | boolean | null> | string[];

interface ComposeService {
  image?: string;
  build?: string | { context?: string; dockerfile?: string };
  ports?: (string | number | { target: number | string; published?: number | string })[];
  depends_on?: string[] | Record<string, { condition: string }>;
  healthcheck?: { test?: string | string[]; disable?: boolean };
  volumes?: (string | { type?: string; source?: string; target?: string })[];
  environment?: Environment;
}

interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}

function composeSpecValidator(): ValidateFunction<ComposeFile> {
  // dclint's exports map only exposes package.json, so the schema is located beside it.
  const packageDir = dirname(require.resolve('dclint/package.json'));
  const schema = JSON.parse(readFileSync(join(packageDir, 'schemas', 'compose.schema.json'), 'utf8')) as {
    $schema?: string;
  };
  // The specification names its meta-schema with an https URL that Ajv does not register under that key
  // (it knows draft-07 as http://...#): drop the reference instead of fetching or aliasing a meta-schema.
  delete schema.$schema;
  // The specification mixes union types and untyped object keywords, which strictTypes rejects; the rest of
  // strict mode stays on so that a keyword Ajv does not know fails loudly rather than validating nothing.
  const ajv = new Ajv({ allErrors: true, strictTypes: false });
  return ajv.compile<ComposeFile>(schema);
}

function loadCompose(): unknown {
  return parse(readFileSync(join(root, 'docker-compose.yml'), 'utf8'));
}

function describeErrors(errors: ErrorObject[] | null | undefined): string {
  return (errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('\n');
}

/** The value compose uses when the variable is unset: `postgres:${V:-16}` -> `postgres:16`. */
function withDefaults(value: string): string {
  return value.replace(/\$\{[A-Za-z0-9_]+:-([^}]*)\}/g, '$1');
}

/** Host ports a service publishes, from the short (`"8080:80/tcp"`) or long (`{ published }`) syntax. */
function publishedPorts(service: ComposeService): number[] {
  return (service.ports ?? []).flatMap((port) => {
    if (typeof port === 'object') return port.published === undefined ? [] : [Number(port.published)];
    const parts = String(port).split('/')[0].split(':');
    // A bare container port is published on a random host port, which a user cannot rely on.
    return parts.length < 2 ? [] : [Number(parts[parts.length - 2])];
  });
}

function dependencyConditions(service: ComposeService): Record<string, string> {
  const dependsOn = service.depends_on ?? [];
  if (Array.isArray(dependsOn)) return Object.fromEntries(dependsOn.map((name) => [name, 'service_started']));
  return Object.fromEntries(Object.entries(dependsOn).map(([name, { condition }]) => [name, condition]));
}

function environmentOf(service: ComposeService): Record<string, string> {
  const environment = service.environment ?? {};
  const entries = Array.isArray(environment)
    ? environment.map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)])
    : Object.entries(environment).map(([key, value]) => [key, String(value ?? '')]);
  return Object.fromEntries(entries);
}

function healthTest(service: ComposeService): string {
  const test = service.healthcheck?.test ?? [];
  return Array.isArray(test) ? test.join(' ') : test;
}

function volumeSources(service: ComposeService): string[] {
  return (service.volumes ?? []).map((volume) =>
    typeof volume === 'string' ? volume.split(':')[0] : (volume.source ?? ''),
  );
}

/** Instructions of the Dockerfile's final stage, continuation lines joined. */
function finalStage(dockerfile: string): { instruction: string; args: string }[] {
  const lines = dockerfile
    .replace(/\\\r?\n/g, ' ')
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const [instruction, ...rest] = line.split(/\s+/);
      return { instruction: instruction.toUpperCase(), args: rest.join(' ') };
    });
  const lastFrom = lines.map((l) => l.instruction).lastIndexOf('FROM');
  return lines.slice(lastFrom);
}

/** CMD/ENTRYPOINT as an argv: exec form is JSON, shell form runs under `sh -c`. */
function argv(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : ['/bin/sh', '-c', args];
}

describe('docker-compose.yml', () => {
  const validate = composeSpecValidator();
  const document = loadCompose();

  // Narrowed once: every test below reads a document the specification accepts.
  function compose(): ComposeFile {
    if (!validate(document)) throw new Error(`invalid compose file:\n${describeErrors(validate.errors)}`);
    return document;
  }

  it('is a valid Compose Specification document', () => {
    const valid = validate(document);
    expect(describeErrors(validate.errors)).toBe('');
    expect(valid).toBe(true);
  });

  it('defines PostgreSQL, Temporal, its Web UI, its admin tools and the worker', () => {
    expect(Object.keys(compose().services).sort()).toEqual(
      ['postgresql', 'temporal', 'temporal-admin-tools', 'temporal-ui', 'worker'].sort(),
    );
  });

  it('runs Temporal 1.2x through auto-setup, persisted in PostgreSQL', () => {
    const { temporal, postgresql } = compose().services;
    expect(withDefaults(temporal.image ?? '')).toMatch(/^temporalio\/auto-setup:1\.2\d\.\d+$/);
    expect(withDefaults(postgresql.image ?? '')).toMatch(/^postgres:\d+/);
    expect(environmentOf(temporal)).toMatchObject({ DB: 'postgres12', POSTGRES_SEEDS: 'postgresql' });
  });

  it('uses the official images for the Web UI and the admin tools', () => {
    const services = compose().services;
    expect(withDefaults(services['temporal-ui'].image ?? '')).toMatch(/^temporalio\/ui:\d/);
    expect(withDefaults(services['temporal-admin-tools'].image ?? '')).toMatch(/^temporalio\/admin-tools:\d/);
  });

  it('publishes the Temporal frontend on host port 7233 and the Web UI on 8080', () => {
    const services = compose().services;
    expect(publishedPorts(services.temporal)).toContain(7233);
    expect(publishedPorts(services['temporal-ui'])).toContain(8080);
  });

  it('keeps PostgreSQL data in a declared named volume', () => {
    const { volumes = {}, services } = compose();
    const [volume] = volumeSources(services.postgresql);
    expect(Object.keys(volumes)).toContain(volume);
    expect(services.postgresql.volumes).toContainEqual(`${volume}:/var/lib/postgresql/data`);
  });

  it('health-checks PostgreSQL with pg_isready and Temporal through its frontend', () => {
    const { postgresql, temporal } = compose().services;
    expect(healthTest(postgresql)).toMatch(/pg_isready/);
    expect(healthTest(temporal)).toMatch(/(temporal operator|tctl) cluster health/);
    expect(healthTest(temporal)).toMatch(/--address temporal:7233/);
  });

  it('starts Temporal once PostgreSQL is healthy, and its clients once Temporal is healthy', () => {
    const services = compose().services;
    expect(dependencyConditions(services.temporal)).toEqual({ postgresql: 'service_healthy' });
    for (const client of ['temporal-ui', 'temporal-admin-tools', 'worker']) {
      expect(dependencyConditions(services[client])).toEqual({ temporal: 'service_healthy' });
    }
  });

  it("builds the worker from the project's Dockerfile and points it at the Temporal service", () => {
    const { worker } = compose().services;
    expect(worker.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    expect(environmentOf(worker)).toMatchObject({
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
    });
  });

  describe('the schema it is checked against', () => {
    function mutated(change: (doc: Record<string, unknown>) => void): Record<string, unknown> {
      const copy = structuredClone(document) as Record<string, unknown>;
      change(copy);
      return copy;
    }

    it('rejects ports that are not a list', () => {
      const doc = mutated((d) => {
        (d.services as Record<string, Record<string, unknown>>).worker.ports = 'not-a-list';
      });
      expect(validate(doc)).toBe(false);
      expect(validate.errors?.map((e) => e.instancePath)).toContain('/services/worker/ports');
    });

    it('rejects an unknown top-level key', () => {
      const doc = mutated((d) => {
        d.servces = {};
      });
      expect(validate(doc)).toBe(false);
      expect(validate.errors).toContainEqual(
        expect.objectContaining({
          keyword: 'additionalProperties',
          params: { additionalProperty: 'servces' },
        }),
      );
    });

    it('rejects a depends_on condition compose does not know', () => {
      const doc = mutated((d) => {
        const services = d.services as Record<string, { depends_on: Record<string, { condition: string }> }>;
        services.worker.depends_on.temporal.condition = 'service_ready';
      });
      expect(validate(doc)).toBe(false);
    });
  });
});

describe('the Dockerfile', () => {
  const path = join(root, 'Dockerfile');

  it('exists beside docker-compose.yml', () => {
    expect(existsSync(path)).toBe(true);
  });

  it("starts the CLI's worker command as built by npm run build", () => {
    const stage = finalStage(readFileSync(path, 'utf8'));
    const command = stage
      .filter((l) => l.instruction === 'ENTRYPOINT' || l.instruction === 'CMD')
      .flatMap((l) => argv(l.args));
    const bin = (
      JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { bin: Record<string, string> }
    ).bin['asl-temporal'];
    expect(command).toEqual(['node', bin, 'worker']);
  });

  it('runs the worker as a non-root user', () => {
    const users = finalStage(readFileSync(path, 'utf8')).filter((l) => l.instruction === 'USER');
    expect(users.length).toBeGreaterThan(0);
    expect(users[users.length - 1].args).not.toMatch(/^(root|0)(:|$)/);
  });

  it('builds in one stage and ships only the production dependencies in another', () => {
    const dockerfile = readFileSync(path, 'utf8');
    expect(dockerfile.match(/^FROM /gm)?.length).toBeGreaterThanOrEqual(2);
    expect(dockerfile).toMatch(/npm ci/);
    expect(dockerfile).toMatch(/npm run build/);
    expect(dockerfile).toMatch(/npm prune --omit=dev/);
  });

  it('leaves host node_modules, dist and .git out of the build context', () => {
    const ignored = readFileSync(join(root, '.dockerignore'), 'utf8').split(/\r?\n/);
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', '.git', 'coverage']));
  });
});
