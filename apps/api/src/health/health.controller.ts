import { Controller, Get, Header } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { Public } from '@api/auth/auth.decorators';
import { ProblemException } from '@api/common/problem/problem.exception';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';

export class HealthDto {
  @ApiProperty({ enum: ['ok'] }) status!: 'ok';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly dataSource: DataSource) {}

  /** The process is alive (for liveness probes: restart it when this fails). */
  @Get('live')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: HealthDto })
  liveness(): HealthDto {
    return { status: 'ok' };
  }

  /** The database answers and has no pending migration (for readiness probes: route traffic here). */
  @Get('ready')
  @Header('Cache-Control', 'no-store')
  @ApiOkResponse({ type: HealthDto })
  @ApiProblemResponses(503)
  async readiness(): Promise<HealthDto> {
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
