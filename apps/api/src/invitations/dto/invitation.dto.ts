import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { trimString } from '@api/common/http/transforms';
import type { FranchiseInvitationEntity } from '../franchise-invitation.entity';

export class CreateInvitationDto {
  @ApiPropertyOptional({
    description: 'Days until the link stops working; default INVITATION_TTL_DAYS.',
    minimum: 1,
    maximum: 90,
    example: 7,
  })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(90)
  expiresInDays?: number;

  @ApiPropertyOptional({ description: 'Who it is for, for the operator.', maxLength: 200 })
  @IsOptional()
  @Transform(trimString)
  @IsString()
  @MaxLength(200)
  note?: string;
}

export type InvitationState = 'active' | 'expired' | 'revoked';

export class InvitationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty({ nullable: true, type: String }) note!: string | null;
  @ApiProperty({ description: 'Prefix and first characters of the token.' }) hint!: string;
  @ApiProperty({ enum: ['active', 'expired', 'revoked'] }) state!: InvitationState;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(entity: FranchiseInvitationEntity, now = new Date()): InvitationDto {
    return {
      id: entity.id,
      franchiseId: entity.franchiseId,
      note: entity.note,
      hint: entity.hint,
      state: entity.revokedAt ? 'revoked' : entity.expiresAt <= now ? 'expired' : 'active',
      expiresAt: entity.expiresAt.toISOString(),
      createdAt: entity.createdAt.toISOString(),
      revokedAt: entity.revokedAt?.toISOString() ?? null,
    };
  }
}

export class IssuedInvitationDto extends InvitationDto {
  @ApiProperty({ description: 'The bearer token (sap_inv_...): in this answer only.' })
  token!: string;

  @ApiProperty({
    description:
      'The wizard link to send; the token is in the URL fragment, never sent to a server.',
    example: 'https://platform.example/app/invite#token=sap_inv_...',
  })
  link!: string;
}

export class InvitationListDto {
  @ApiProperty({ type: [InvitationDto] }) items!: InvitationDto[];
}

/** What the wizard shows on its first page: whose onboarding this is. */
export class InvitationSummaryDto {
  @ApiProperty({ format: 'uuid' }) invitationId!: string;
  @ApiProperty({ format: 'uuid' }) franchiseId!: string;
  @ApiProperty() franchiseName!: string;
  @ApiProperty({ nullable: true, type: String }) franchiseExternalRef!: string | null;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
}
