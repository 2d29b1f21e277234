import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import type { OperatorKeyEntity } from '@api/auth/operator-key.entity';

export class CreateOperatorKeyDto {
  @ApiProperty({ example: 'ci-pipeline', maxLength: 100, description: 'What the key is for.' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  name!: string;
}

export class OperatorKeyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({
    description: 'The key prefix and first characters, enough to recognise it.',
    example: 'sap_op_Ab3x…',
  })
  hint!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) revokedAt!: string | null;

  static from(entity: OperatorKeyEntity): OperatorKeyDto {
    return {
      id: entity.id,
      name: entity.name,
      hint: entity.hint,
      createdAt: entity.createdAt.toISOString(),
      revokedAt: entity.revokedAt?.toISOString() ?? null,
    };
  }
}

export class IssuedOperatorKeyDto extends OperatorKeyDto {
  @ApiProperty({ description: 'The secret key. Shown only in this response; store it now.' })
  token!: string;
}

export class OperatorKeyListDto {
  @ApiProperty({ type: [OperatorKeyDto] }) items!: OperatorKeyDto[];
}
