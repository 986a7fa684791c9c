import { Progress, Typography } from 'antd';
import type { ImportJob } from '../../api/types';
import { useT, type Translate } from '../../i18n/I18nProvider';
import styles from './imports.module.css';

/** What the job is doing, in words: 读取中 / 校验中 第 done/total 行 / 写入中 done/total. */
function phaseText(job: ImportJob, t: Translate): string {
  if (job.status === 'failed') return t('imports.phase.failed');
  switch (job.phase) {
    case 'queued':
      return t('imports.phase.queued');
    case 'reading':
      return job.done > 0 ? t('imports.phase.readingRows', { done: job.done }) : t('imports.phase.reading');
    case 'checking':
      return t('imports.phase.checking', { done: job.done, total: job.total });
    case 'writing':
      return t('imports.phase.writing', { done: job.done, total: job.total });
    case 'done':
      return t('imports.phase.done');
  }
}

function percentOf(job: ImportJob): number {
  if (job.status === 'done' || job.phase === 'done') return 100;
  if (job.total <= 0) return 0;
  return Math.min(99, Math.floor((job.done / job.total) * 100));
}

/** The progress of a check or an import, polled by the caller. */
export function JobProgress({ job }: { job: ImportJob }) {
  const t = useT();
  const text = phaseText(job, t);
  const status = job.status === 'failed' ? 'exception' : job.status === 'done' ? 'success' : 'active';
  return (
    <div className={styles.progress}>
      <Typography.Text type="secondary">
        {job.mode === 'apply' ? t('imports.applying') : t('imports.checkingFile', { file: job.fileName })}
      </Typography.Text>
      <Progress
        data-testid="import-progress"
        percent={percentOf(job)}
        status={status}
        format={(percent) => `${text}${job.total > 0 && job.phase !== 'done' ? ` · ${percent}%` : ''}`}
      />
    </div>
  );
}
