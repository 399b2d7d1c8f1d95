// AggregateResults: joins the Parallel state's output, one entry per branch in branch order.

interface Images {
  assetId: string;
  thumbnails: { key: string; width: number; height: number }[];
}

interface Metadata {
  assetId: string;
  title: string;
  tags: string[];
}

/** Merges [images, metadata] into the published asset. */
export function handler(event: [Images, Metadata]) {
  const [images, metadata] = event;
  return {
    assetId: images.assetId,
    title: metadata.title,
    tags: metadata.tags,
    thumbnails: images.thumbnails,
    status: 'PUBLISHED',
  };
}
