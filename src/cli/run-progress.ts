/** The progress line of `run`: the state an execution is in, the states done and the time it has taken. */
import { type TraceEvent } from '../interpreter/trace';
import { formatDuration, stderrProgress } from '../server/progress';

/** How long one progress poll may take before it is dropped (the next one follows). */
export const PROGRESS_QUERY_DEADLINE_MS = 5_000;

/**
 * Watches an execution's trace and shows the current state, the states done and the time elapsed: one status line
 * rewritten in place on a terminal, one line per state entered otherwise (logs, pipes, CI).
 */
export function watchProgress(query: () => Promise<{ events: readonly TraceEvent[] }>): () => Promise<void> {
  const started = Date.now();
  const inPlace = process.stderr.isTTY === true;
  let seen = 0;
  // Event ids run on across continue-as-new, while each run's trace starts afresh: count by id, not by position.
  let lastId = 0;
  let current = '';
  const status = () =>
    `→ ${current} (${Math.max(0, seen - 1)} states done, ${formatDuration(Date.now() - started)})`;
  const show = ({ events }: { events: readonly TraceEvent[] }) => {
    const entered = events.filter((e) => e.type === 'StateEntered' && (e.id ?? 0) > lastId);
    for (const event of entered) {
      lastId = event.id ?? lastId;
      seen += 1;
      current = event.state ?? '';
      if (!inPlace) stderrProgress.line(status());
    }
    // \r plus "erase line" keeps a single status line that the next tick overwrites.
    if (inPlace && current) process.stderr.write(`\r\x1b[K[asl-temporal] ${status()}`);
  };
  let stopped = false;
  let inFlight: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout;
  // One query at a time, the next 250 ms after the last one ended.
  const tick = () => {
    inFlight = query()
      .then(show)
      .catch(() => undefined)
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, 250);
      });
  };
  timer = setTimeout(tick, 250);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    // A query still in flight (perhaps between retries) must end before the caller closes the connection.
    await inFlight;
    if (inPlace && current) process.stderr.write('\n');
  };
}
