import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDate, IsOptional, IsString, IsUUID, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import type { AuditEntryEntity } from '../audit-entry.entity';

export class AuditEntryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: 'operator' }) principalKind!: string;
  @ApiProperty({ format: 'uuid', description: 'The credential’s id (never the credential).' })
  principalId!: string;
  @ApiProperty({ example: 'putFranchisePolicy', description: 'The operation id.' })
  action!: string;
  @ApiProperty({ example: 'PUT' }) method!: string;
  @ApiProperty({ example: '/franchises/:franchiseId/policy' }) route!: string;
  @ApiProperty({ nullable: true, type: String }) resourceId!: string | null;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string' } })
  params!: Record<string, string>;
  @ApiProperty({ example: 200 }) status!: number;
  @ApiProperty({ nullable: true, type: String }) requestId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(entry: AuditEntryEntity): AuditEntryDto {
    return {
      id: entry.id,
      principalKind: entry.principalKind,
      principalId: entry.principalId,
      action: entry.action,
      method: entry.method,
      route: entry.route,
      resourceId: entry.resourceId,
      params: entry.params,
      status: entry.status,
      requestId: entry.requestId,
      createdAt: entry.createdAt.toISOString(),
    };
  }
}

export class AuditEntryPageDto {
  @ApiProperty({ type: [AuditEntryDto] }) items!: AuditEntryDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}

export class ListAuditEntriesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ example: 'createFranchise' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  @Matches(/^[A-Za-z0-9_]+$/, { message: 'action is an operation id such as createFranchise' })
  action?: string;

  @ApiPropertyOptional({ description: 'Entries about this resource id.' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  resourceId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Entries by this credential.' })
  @IsOptional()
  @IsUUID()
  principalId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  since?: Date;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @Type(() => Date)
  @IsDate()
  until?: Date;
}
