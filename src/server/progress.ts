/** Where provisioning reports what it does; the CLI and scripts pass stderr, tests may pass a collector. */
export interface ProgressSink {
  /** One line of progress for a person to read. */
  line(message: string): void;
}

/** A sink that writes progress to stderr, keeping stdout free for machine-readable output. */
export const stderrProgress: ProgressSink = {
  line: (message) => process.stderr.write(`[asl-temporal] ${message}\n`),
};

/** A sink that drops everything, for callers that want silence. */
export const silentProgress: ProgressSink = { line: () => undefined };

/** Formats a duration in milliseconds as a short human figure ("850 ms", "12.3 s", "2 min 05 s"). */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const minutes = Math.floor(ms / 60_000);
  const seconds = Math.round((ms % 60_000) / 1000);
  return `${minutes} min ${String(seconds).padStart(2, '0')} s`;
}

/** Formats a byte count as a short human figure ("512 B", "3.4 MB"), in powers of 1000 as pip prints them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  if (bytes < 1_000_000) return `${(bytes / 1000).toFixed(1)} kB`;
  if (bytes < 1_000_000_000) return `${(bytes / 1_000_000).toFixed(1)} MB`;
  return `${(bytes / 1_000_000_000).toFixed(2)} GB`;
}
