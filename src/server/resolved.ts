/** How a Temporal server binary was found: named by a variable, in the cache, downloaded or built into it now. */
export type ServerSource = 'env' | 'cache' | 'downloaded' | 'built';

/** A server to run: a binary on disk, or the SDK's own download (for machines on the internet). */
export type ResolvedServer =
  | { readonly kind: 'existing-path'; readonly path: string; readonly source: ServerSource }
  | { readonly kind: 'sdk-download'; readonly reason: string };

/** The SDK's `server.executable` option for a resolved server. */
export function toExecutable(
  server: ResolvedServer,
): { type: 'existing-path'; path: string } | { type: 'cached-download' } {
  switch (server.kind) {
    case 'existing-path':
      return { type: 'existing-path', path: server.path };
    case 'sdk-download':
      return { type: 'cached-download' };
  }
}

/** Options shared by the server resolvers. */
export interface ResolveOptions {
  readonly env?: NodeJS.ProcessEnv;
  /** Build from the registries when nothing is cached (true by default); false only looks. */
  readonly build?: boolean;
}
