import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import { JOB_STATUSES, type JobEntity, type JobStatus } from '@api/jobs/job.entity';

export class JobItemErrorDto {
  @ApiProperty({ description: 'What the error is about, e.g. a merchant account id.' })
  ref!: string;
  @ApiProperty() message!: string;
  @ApiPropertyOptional() code?: string;
}

export class JobErrorDto {
  @ApiProperty() message!: string;
  @ApiPropertyOptional({ type: [JobItemErrorDto] }) items?: JobItemErrorDto[];
}

export class JobProgressDto {
  @ApiProperty({ description: 'Items the job will process.' }) total!: number;
  @ApiProperty({ description: 'Items finished, successfully or not.' }) done!: number;
  @ApiProperty({ description: 'Items that failed (included in done).' }) failed!: number;
  @ApiProperty({
    minimum: 0,
    maximum: 100,
    description: 'done / total, 100 once the job succeeded.',
  })
  percent!: number;
}

export class JobDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'onboarding' }) type!: string;
  @ApiProperty({ enum: JOB_STATUSES }) status!: JobStatus;
  @ApiProperty({ type: JobProgressDto }) progress!: JobProgressDto;
  @ApiProperty({ type: 'object', additionalProperties: true, nullable: true }) result!: Record<
    string,
    unknown
  > | null;
  @ApiProperty({ type: JobErrorDto, nullable: true }) error!: JobErrorDto | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) startedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) finishedAt!: string | null;

  static from(job: JobEntity): JobDto {
    const finishedOk = job.status === 'succeeded';
    const percent = finishedOk
      ? 100
      : job.progressTotal > 0
        ? Math.floor((100 * job.progressDone) / job.progressTotal)
        : 0;
    return {
      id: job.id,
      type: job.type,
      status: job.status,
      progress: {
        total: job.progressTotal,
        done: job.progressDone,
        failed: job.progressFailed,
        percent,
      },
      result: job.result,
      error: job.error,
      attempts: job.attempts,
      maxAttempts: job.maxAttempts,
      createdAt: job.createdAt.toISOString(),
      updatedAt: job.updatedAt.toISOString(),
      startedAt: job.startedAt?.toISOString() ?? null,
      finishedAt: job.finishedAt?.toISOString() ?? null,
    };
  }
}

export class ListJobsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: JOB_STATUSES })
  @IsOptional()
  @IsIn(JOB_STATUSES)
  status?: JobStatus;

  @ApiPropertyOptional({ example: 'onboarding' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  @Matches(/^[a-z0-9._-]+$/)
  type?: string;
}

export class JobPageDto {
  @ApiProperty({ type: [JobDto] }) items!: JobDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
