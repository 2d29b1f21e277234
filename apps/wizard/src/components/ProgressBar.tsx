import type { Schemas } from '@platform/api-types';
import { useI18n } from '../i18n';

/** The onboarding job's progress as a labelled progressbar (percent from the job resource). */
export function ProgressBar({ job }: { job: Schemas['JobDto'] | undefined }) {
  const { t } = useI18n();
  if (!job) return <p>{t('noJob')}</p>;
  const { total, done, failed, percent } = job.progress;
  return (
    <div className="progress">
      <div
        role="progressbar"
        aria-label={t('progressLabel')}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        className="progress-track"
      >
        <div className="progress-fill" style={{ width: `${percent}%` }} />
      </div>
      <p aria-live="polite">{t('progressText', { done: done + failed, total, percent })}</p>
    </div>
  );
}
