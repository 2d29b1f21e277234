import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { trimString } from '@api/common/http/transforms';
import type { ShopTokenEntity } from '../shop-token.entity';

export class CreateShopTokenDto {
  @ApiPropertyOptional({
    example: 'checkout (2026-01)',
    maxLength: 100,
    description: 'What the token is for, e.g. where it is deployed.',
  })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name?: string;
}

export class ShopTokenDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) shopId!: string;
  @ApiProperty({ nullable: true, type: String }) name!: string | null;
  @ApiProperty({
    description: 'The token prefix and first characters, enough to recognise it.',
    example: 'sap_shop_Ab3x…',
  })
  hint!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({
    format: 'date-time',
    nullable: true,
    type: String,
    description:
      'When the token last read its document, as last recorded: replicas write it every SHOP_TOKEN_LAST_USED_FLUSH_MS (30 s by default).',
  })
  lastUsedAt!: string | null;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(entity: ShopTokenEntity): ShopTokenDto {
    return {
      id: entity.id,
      shopId: entity.shopId,
      name: entity.name,
      hint: entity.hint,
      createdAt: entity.createdAt.toISOString(),
      lastUsedAt: entity.lastUsedAt?.toISOString() ?? null,
      revokedAt: entity.revokedAt?.toISOString() ?? null,
    };
  }
}

export class IssuedShopTokenDto extends ShopTokenDto {
  @ApiProperty({
    description:
      'The secret token (`sap_shop_…`). Shown only in this response; hand it to the shop now.',
  })
  token!: string;
}

export class ShopTokenListDto {
  @ApiProperty({ type: [ShopTokenDto], description: 'Newest first, revoked ones included.' })
  items!: ShopTokenDto[];
}
