import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';
import { upperCaseCode } from '@api/common/http/transforms';
import { JobDto } from '@api/jobs/dto/job.dto';
import {
  REPORT_TRANSACTION_STATES,
  type ReportSettingsEntity,
  type ReportTransactionState,
} from '../report-settings.entity';
import {
  REPORT_WINDOW_STATUSES,
  type ReportWindowEntity,
  type ReportWindowStatus,
} from '../report-window.entity';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const HH_MM = /^([01]\d|2[0-3]):[0-5]\d$/;

export class ReportSettingsDto {
  @ApiProperty({ description: 'Fetch the previous business day every day (REPORTING_DAILY_AT).' })
  dailyEnabled!: boolean;
  @ApiProperty({ example: 'Europe/Zurich', description: 'IANA zone of the business day.' })
  timeZone!: string;
  @ApiProperty({ example: '00:00', description: 'When the business day starts, local time.' })
  dayStart!: string;
  @ApiProperty({ enum: REPORT_TRANSACTION_STATES, isArray: true })
  transactionStates!: ReportTransactionState[];

  static from(entity: ReportSettingsEntity | null): ReportSettingsDto {
    const minute = entity?.dayStartMinute ?? 0;
    return {
      dailyEnabled: entity?.dailyEnabled ?? false,
      timeZone: entity?.timeZone ?? 'Europe/Zurich',
      dayStart: `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`,
      transactionStates: entity?.transactionStates ?? ['SUCCESSFUL'],
    };
  }
}

export class UpdateReportSettingsDto {
  @ApiPropertyOptional() @IsOptional() @IsBoolean() dailyEnabled?: boolean;

  @ApiPropertyOptional({ example: 'Europe/Zurich' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  timeZone?: string;

  @ApiPropertyOptional({ example: '04:00' })
  @IsOptional()
  @Matches(HH_MM, { message: 'must be HH:mm (24 h)' })
  dayStart?: string;

  @ApiPropertyOptional({ enum: REPORT_TRANSACTION_STATES, isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @Transform(({ value }: { value: unknown }) =>
    Array.isArray(value) ? value.map((v) => upperCaseCode({ value: v })) : value,
  )
  @IsIn(REPORT_TRANSACTION_STATES, { each: true })
  transactionStates?: ReportTransactionState[];
}

export class CreateReportExportDto {
  @ApiProperty({ example: '2025-09-01', description: 'First business day (account zone).' })
  @Matches(DAY, { message: 'must be yyyy-mm-dd' })
  from!: string;

  @ApiProperty({
    example: '2025-09-09',
    description: 'Last business day; it must end by today 00:00 Europe/Zurich (Saferpay rule).',
  })
  @Matches(DAY, { message: 'must be yyyy-mm-dd' })
  to!: string;

  @ApiPropertyOptional({
    enum: REPORT_TRANSACTION_STATES,
    isArray: true,
    description: "Default: the account's reporting settings.",
  })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayUnique()
  @IsIn(REPORT_TRANSACTION_STATES, { each: true })
  transactionStates?: ReportTransactionState[];

  @ApiPropertyOptional({
    description:
      'Fetch days again that were already fetched. Saferpay blocks accounts that repeat report requests: only for repairs.',
  })
  @IsOptional()
  @IsBoolean()
  force?: boolean;
}

export class ReportWindowDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '2025-09-09' }) businessDay!: string;
  @ApiProperty({ enum: REPORT_TRANSACTION_STATES }) transactionState!: ReportTransactionState;
  @ApiProperty({ format: 'date-time' }) windowStart!: string;
  @ApiProperty({ format: 'date-time' }) windowEnd!: string;
  @ApiProperty({ enum: REPORT_WINDOW_STATUSES }) status!: ReportWindowStatus;
  @ApiProperty() pagesDone!: number;
  @ApiProperty({ nullable: true, type: Number }) pagesTotal!: number | null;
  @ApiProperty({ nullable: true, type: Number }) pageSize!: number | null;
  @ApiProperty({ nullable: true, type: Number }) totalTransactions!: number | null;
  @ApiProperty() transactionsStored!: number;
  @ApiProperty({ description: 'Answered GetTransactions requests, all runs.' }) requests!: number;
  @ApiProperty() forcedCount!: number;
  @ApiProperty({ nullable: true, type: String }) lastError!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) fetchedAt!: string | null;

  static from(w: ReportWindowEntity): ReportWindowDto {
    return {
      id: w.id,
      businessDay: w.businessDay,
      transactionState: w.transactionState,
      windowStart: w.windowStart.toISOString(),
      windowEnd: w.windowEnd.toISOString(),
      status: w.status,
      pagesDone: w.pagesDone,
      pagesTotal: w.pagesTotal,
      pageSize: w.pageSize,
      totalTransactions: w.totalTransactions,
      transactionsStored: w.transactionsStored,
      requests: w.requests,
      forcedCount: w.forcedCount,
      lastError: w.lastError,
      fetchedAt: w.fetchedAt?.toISOString() ?? null,
    };
  }
}

export class ReportExportDto {
  @ApiProperty({
    type: JobDto,
    nullable: true,
    description: 'Null when every day was already fetched.',
  })
  job!: JobDto | null;
  @ApiProperty({ type: [ReportWindowDto] }) windows!: ReportWindowDto[];
}

export class ReportWindowListDto {
  @ApiProperty({ type: [ReportWindowDto], description: 'Newest first.' }) items!: ReportWindowDto[];
}

export class ListReportWindowsQueryDto {
  @ApiPropertyOptional({ example: '2025-09-01' })
  @IsOptional()
  @Matches(DAY, { message: 'must be yyyy-mm-dd' })
  from?: string;

  @ApiPropertyOptional({ example: '2025-09-30' })
  @IsOptional()
  @Matches(DAY, { message: 'must be yyyy-mm-dd' })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000, default: 100 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(1000)
  limit = 100;
}

export const EXPORT_STATES = [
  'SUCCESSFUL',
  'FAILED',
  'PENDING',
  'AUTHORIZED',
  'CAPTURED',
  'CANCELED',
] as const;

export class ExportTransactionsQueryDto {
  @ApiPropertyOptional({ enum: ['ndjson', 'csv'], default: 'ndjson' })
  @IsOptional()
  @IsIn(['ndjson', 'csv'])
  format: 'ndjson' | 'csv' = 'ndjson';

  @ApiPropertyOptional({
    description: 'From this instant (ISO date-time) or business day (yyyy-mm-dd, account zone).',
  })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'must be yyyy-mm-dd or an ISO date-time with offset',
  })
  from?: string;

  @ApiPropertyOptional({ description: 'Before this instant, or through this business day.' })
  @IsOptional()
  @Matches(/^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:\d{2}))?$/, {
    message: 'must be yyyy-mm-dd or an ISO date-time with offset',
  })
  to?: string;

  @ApiPropertyOptional({ enum: EXPORT_STATES })
  @IsOptional()
  @Transform(upperCaseCode)
  @IsIn(EXPORT_STATES)
  state?: string;

  @ApiPropertyOptional({ example: '17654321' })
  @IsOptional()
  @Matches(/^\d{1,16}$/, { message: 'must be a numeric terminal id' })
  terminalId?: string;

  @ApiPropertyOptional({ example: 'VISA' })
  @IsOptional()
  @IsString()
  @MaxLength(64)
  paymentMethod?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Franchise exports: only this account.' })
  @IsOptional()
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, {
    message: 'must be a UUID',
  })
  accountId?: string;
}
