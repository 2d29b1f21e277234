import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsNotEmpty,
  IsString,
  IsUUID,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { ShopEntity } from '../shop.entity';
import { trimString } from '@api/common/http/transforms';

export class CreateShopDto {
  @ApiProperty({ example: 'Pizza Nord Online', minLength: 1, maxLength: 120 })
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name!: string;

  @ApiProperty({ format: 'uuid', description: 'A `ready` merchant account of the franchise.' })
  @IsUUID()
  accountId!: string;

  @ApiProperty({ example: '17757531', description: 'An ECOM terminal of the account.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  terminalId!: string;

  @ApiProperty({
    type: [String],
    example: ['https://shop.example.com/'],
    description:
      'Pages that embed Saferpay Fields: absolute https URLs, no user info or fragment, at most 10. Hosts are lower-cased, a trailing slash is added to an empty path, duplicates removed (see `notices`).',
  })
  @IsArray()
  // Generous bound for the body; the real limit (10) is checked with per-entry pointers.
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  sourceUrls!: string[];
}

/** Changes the name or the source URLs; new URLs rotate the shop's Fields token. */
export class UpdateShopDto {
  @ApiPropertyOptional({ minLength: 1, maxLength: 120 })
  @ValidateIf((_, value) => value !== undefined)
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(120)
  name?: string;

  @ApiPropertyOptional({ type: [String] })
  @ValidateIf((_, value) => value !== undefined)
  @IsArray()
  @ArrayMaxSize(1000)
  @IsString({ each: true })
  sourceUrls?: string[];
}

export class ShopDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty({ format: 'uuid' }) accountId!: string;
  @ApiProperty() terminalId!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ type: [String] }) sourceUrls!: string[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(entity: ShopEntity): ShopDto {
    return {
      id: entity.id,
      franchiseId: entity.franchiseId,
      accountId: entity.accountId,
      terminalId: entity.terminalId,
      name: entity.name,
      sourceUrls: entity.sourceUrls,
      createdAt: entity.createdAt.toISOString(),
      updatedAt: entity.updatedAt.toISOString(),
    };
  }
}

/** A shop as written, with what normalization changed. */
export class ShopWriteResultDto extends ShopDto {
  @ApiProperty({
    type: [String],
    description: 'What was changed while normalizing the input, and what follows from the write.',
  })
  notices!: string[];
}

export class ShopPageDto {
  @ApiProperty({ type: [ShopDto] }) items!: ShopDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
