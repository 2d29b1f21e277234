import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsBoolean, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { JobDto } from '@api/jobs/dto/job.dto';
import type { DriftScheduleEntity } from '../drift-schedule.entity';

export class StartDriftCheckDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Check only this franchise’s accounts.' })
  @IsOptional()
  @IsUUID()
  franchiseId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Check only this account.' })
  @IsOptional()
  @IsUUID()
  accountId?: string;
}

export class DriftCheckStartedDto {
  @ApiProperty({ enum: ['tenant', 'franchise', 'account'] }) scope!:
    'tenant' | 'franchise' | 'account';
  @ApiProperty({ description: 'Accounts the check reads (ready, non_compliant, needs_attention).' })
  accounts!: number;
  @ApiProperty({
    type: JobDto,
    description:
      'The job of the check; poll GET /jobs/{id}. Its result counts changed, unchanged and failed accounts and the events written.',
  })
  job!: JobDto;
}

export class DriftScheduleDto {
  @ApiProperty() enabled!: boolean;
  @ApiProperty({ minimum: 5, maximum: 10080 }) intervalMinutes!: number;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description: 'Null until the scheduler first saw the tenant.',
  })
  nextRunAt!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) lastJobId!: string | null;

  static from(entity: DriftScheduleEntity): DriftScheduleDto {
    return {
      enabled: entity.enabled,
      intervalMinutes: entity.intervalMinutes,
      nextRunAt: entity.nextRunAt.toISOString(),
      lastJobId: entity.lastJobId,
    };
  }
}

export class UpdateDriftScheduleDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() enabled?: boolean;

  @ApiPropertyOptional({ minimum: 5, maximum: 10080, description: 'Minutes between checks.' })
  @IsOptional()
  @IsInt()
  @Min(5)
  @Max(10080)
  intervalMinutes?: number;
}
