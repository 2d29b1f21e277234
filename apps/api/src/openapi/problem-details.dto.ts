import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class ProblemFieldErrorDto {
  @ApiProperty({
    description:
      'JSON Pointer to the offending field; `/path/<name>` or `/query/<name>` for parameters.',
    example: '/name',
  })
  pointer!: string;
  @ApiProperty({ example: 'name must be shorter than or equal to 120 characters' })
  detail!: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class ProblemDetailsDto {
  @ApiProperty({
    description: 'Stable URI reference identifying the problem type; branch on this.',
    example: '/problems/validation-failed',
  })
  type!: string;
  @ApiProperty({ example: 'The request is not valid' })
  title!: string;
  @ApiProperty({ example: 400 })
  status!: number;
  @ApiPropertyOptional({ example: '1 field failed validation.' })
  detail?: string;
  @ApiPropertyOptional({ example: '/franchises' })
  instance?: string;
  @ApiPropertyOptional({ description: 'Correlates with server logs and the X-Request-Id header.' })
  requestId?: string;
  @ApiPropertyOptional({ type: [ProblemFieldErrorDto] })
  errors?: ProblemFieldErrorDto[];
}
