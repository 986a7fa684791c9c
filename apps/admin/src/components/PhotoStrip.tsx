import { Image } from 'antd';
import styles from './PhotoStrip.module.css';

/**
 * Photos in a row of squares, each opening the preview (arrows go through the row). Nothing when
 * there are none.
 */
export function PhotoStrip({
  urls,
  size,
  alt,
  compact,
  'data-testid': testId,
}: {
  urls: readonly string[];
  /** a square's side in pixels */
  size: number;
  alt: string;
  /** small photos beside a line of text: closer together, less rounded */
  compact?: boolean;
  'data-testid'?: string;
}) {
  if (urls.length === 0) return null;
  return (
    <div className={compact ? `${styles.photos} ${styles.compact}` : styles.photos} data-testid={testId}>
      <Image.PreviewGroup>
        {urls.map((url) => (
          <Image key={url} src={url} width={size} height={size} className={styles.photo} alt={alt} />
        ))}
      </Image.PreviewGroup>
    </div>
  );
}
