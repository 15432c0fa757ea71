/** The first samples of image data, each a small picture with its class beneath (ink on the page's colour). */
import { memo } from 'react';
import { useTranslation } from '../common/i18n';
import type { PreviewImage } from './images';

function Picture({ image, width, height }: { image: PreviewImage; width: number; height: number }) {
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width={6 * width} height={6 * height} aria-hidden>
      {image.pixels.map((v, p) =>
        v > 0 ? (
          <rect
            key={p}
            x={p % width}
            y={Math.floor(p / width)}
            width={1}
            height={1}
            fill="currentColor"
            fillOpacity={v}
          />
        ) : null,
      )}
    </svg>
  );
}

export const ImagePreview = memo(function ImagePreview({
  images,
  shape,
}: {
  images: PreviewImage[];
  shape: readonly [number, number, number];
}) {
  const { t } = useTranslation();
  const [height, width] = shape;
  return (
    <div className="bp-datapanel__images">
      {images.map((image, i) => (
        <figure
          key={i}
          role="img"
          aria-label={t('datapanel.builtin.image', { n: i + 1, label: image.label })}
        >
          <Picture image={image} width={width} height={height} />
          <figcaption aria-hidden>{image.label}</figcaption>
        </figure>
      ))}
    </div>
  );
});
