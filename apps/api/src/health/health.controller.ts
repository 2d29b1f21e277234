import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '@api/auth/auth.decorators';
import { ProblemException } from '@api/common/problem/problem.exception';
import { JobWorkerService } from '@api/jobs/job-worker.service';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';

export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    private readonly dataSource: DataSource,
    private readonly worker: JobWorkerService,
  ) {}

  /** The process is alive (for liveness probes: restart it when this fails). */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: HealthDto })
  liveness(): HealthDto {
    return { status: 'ok' };
  }

  /**
   * The database answers, no migration is pending and the replica is not shutting down (for
   * readiness probes: route traffic here).
   */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: HealthDto })
  @ApiProblemResponses(503)
  async readiness(): Promise<HealthDto> {
    if (this.worker.draining) {
      throw new ProblemException('notReady', 'This replica is shutting down.');
    }
    try {
      await this.dataSource.query('SELECT 1');
      if (await this.dataSource.showMigrations()) {
        throw new ProblemException('notReady', 'Database migrations are pending.');
      }
    } catch (error) {
      if (error instanceof ProblemException) throw error;
      throw new ProblemException('notReady', 'The database does not answer.');
    }
    return { status: 'ok' };
  }
}
