import type { JobDto } from '@api/jobs/dto/job.dto';
import { JobsService } from '@api/jobs/jobs.service';
import type { CliApp } from './context';
import { progressReporter } from './progress';

/**
 * Polls a job until it succeeded or failed, reporting its progress on stderr
 * (a bar on a terminal, lines otherwise, nothing with --json).
 */
export async function followJob(
  app: CliApp,
  tenantId: string,
  jobId: string,
  { json, label, intervalMs = 200 }: { json?: boolean; label: string; intervalMs?: number },
): Promise<JobDto> {
  const jobs = app.get(JobsService);
  const progress = progressReporter({ json, label });
  try {
    for (;;) {
      const job = await jobs.get(tenantId, jobId);
      const { total, done, failed } = job.progress;
      if (total > 0) progress.update(done, total, failed ? `(${failed} failed)` : '');
      if (job.status === 'succeeded' || job.status === 'failed') return job;
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
    }
  } finally {
    progress.stop();
  }
}
