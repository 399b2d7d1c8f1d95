// ProcessImages: one branch of ProcessInParallel; makes a thumbnail for each image.

interface Image {
  key: string;
  width: number;
  height: number;
}

/** An image that cannot be processed; surfaces in the execution as the error `InvalidImage`. */
class InvalidImage extends Error {
  override name = 'InvalidImage';
}

const THUMBNAIL_WIDTH = 200;

/** Scales every image to a 200-pixel-wide thumbnail, keeping its aspect ratio. */
export function handler(event: { assetId: string; images: Image[] }) {
  const thumbnails = event.images.map((image) => {
    if (!(image.width > 0 && image.height > 0)) {
      throw new InvalidImage(`Image ${image.key} has no valid dimensions.`);
    }
    const name = image.key.split('/').pop() ?? image.key;
    return {
      key: `thumbnails/${name}`,
      width: THUMBNAIL_WIDTH,
      height: Math.round((image.height * THUMBNAIL_WIDTH) / image.width),
    };
  });
  return { assetId: event.assetId, thumbnails };
}
