import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsEmail,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import { PageQueryDto } from '@api/common/http/page-query.dto';
import type { FranchiseEntity } from '@api/franchises/franchise.entity';
import { trimString } from '@api/common/http/transforms';

export class CreateFranchiseDto {
  @ApiProperty({ example: 'Pizza Nord AG', minLength: 1, maxLength: 120 })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name!: string;

  @ApiPropertyOptional({
    description: "The integrator's own identifier, unique within the tenant.",
    example: 'FR-0042',
    maxLength: 64,
    pattern: '^[A-Za-z0-9._-]+$',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9._-]+$/, {
    message: 'externalRef may contain only letters, digits, ".", "_" and "-"',
  })
  externalRef?: string | null;

  @ApiPropertyOptional({
    example: 'ops@pizza-nord.ch',
    format: 'email',
    nullable: true,
    type: String,
  })
  @IsOptional()
  @ValidateIf((_, value) => value !== null)
  @IsEmail()
  @MaxLength(254)
  contactEmail?: string | null;
}

/** Every field optional; `null` clears `externalRef` or `contactEmail` but not the name. */
export class UpdateFranchiseDto extends PartialType(OmitType(CreateFranchiseDto, ['name'])) {
  @ApiPropertyOptional({ example: 'Pizza Nord Holding AG', minLength: 1, maxLength: 120 })
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;
}

export class ListFranchisesQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'Case-insensitive substring of the name.', maxLength: 120 })
  @IsOptional()
  @IsString()
  @MaxLength(120)
  search?: string;
}

export class FranchiseDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ nullable: true, type: String }) externalRef!: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'email' }) contactEmail!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(entity: FranchiseEntity): FranchiseDto {
    return {
      id: entity.id,
      name: entity.name,
      externalRef: entity.externalRef,
      contactEmail: entity.contactEmail,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

export class FranchisePageDto {
  @ApiProperty({ type: [FranchiseDto] }) items!: FranchiseDto[];
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Pass as `cursor` for the next page; null on the last.',
  })
  nextCursor!: string | null;
}
