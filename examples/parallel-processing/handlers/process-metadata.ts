// ProcessMetadata: the other branch of ProcessInParallel; cleans up the title and tags.

/** Metadata that cannot be used; surfaces in the execution as the error `InvalidMetadata`. */
class InvalidMetadata extends Error {
  override name = 'InvalidMetadata';
}

/** Trims the title and lower-cases, de-duplicates and sorts the tags. */
export function handler(event: { assetId: string; metadata: { title?: string; tags?: string[] } }) {
  const title = (event.metadata?.title ?? '').trim();
  if (title === '') throw new InvalidMetadata(`Asset ${event.assetId} has no title.`);
  const tags = [...new Set((event.metadata.tags ?? []).map((t) => t.toLowerCase()))].sort();
  return { assetId: event.assetId, title, tags };
}
