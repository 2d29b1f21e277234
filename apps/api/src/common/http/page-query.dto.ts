import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { decodeCursor, InvalidCursorError, type CursorPosition } from '@platform/pagination';
import { ProblemException } from '@api/common/problem/problem.exception';

/** Query parameters shared by every cursor-paginated list. */
export class PageQueryDto {
  // The type is explicit: an initialised property has no design type, so it was an "Object".
  @ApiPropertyOptional({ type: 'integer', minimum: 1, maximum: 200, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(200)
  limit = 50;

  @ApiPropertyOptional({ description: 'The `nextCursor` of the previous page.' })
  @IsOptional()
  @IsString()
  @MaxLength(512)
  cursor?: string;
}

/** Decodes a client's cursor, answering a forged or stale one with a 400. */
export function cursorPosition(cursor: string | undefined): CursorPosition | undefined {
  if (cursor === undefined) return undefined;
  try {
    return decodeCursor(cursor);
  } catch (error) {
    if (error instanceof InvalidCursorError) {
      throw new ProblemException('invalidCursor', error.message, [
        { pointer: '/query/cursor', detail: error.message },
      ]);
    }
    throw error;
  }
}
