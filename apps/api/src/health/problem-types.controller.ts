import { Controller, Get, Param } from '@nestjs/common';
import { ApiOkResponse, ApiProperty, ApiTags } from '@nestjs/swagger';
import { PROBLEM_TYPES, problemTypeUri, type ProblemTypeKey } from '@platform/problem-details';
import { Public } from '@api/auth/auth.decorators';
import { ProblemException } from '@api/common/problem/problem.exception';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';

export class ProblemTypeDto {
  @ApiProperty({ example: '/problems/validation-failed' }) type!: string;
  @ApiProperty() title!: string;
  @ApiProperty() status!: number;
}

/** Makes every problem `type` URI dereferenceable, as RFC 9457 recommends. */
@ApiTags('problems')
@Public()
@Controller('problems')
export class ProblemTypesController {
  @Get()
  @ApiOkResponse({ type: [ProblemTypeDto] })
  listProblemTypes(): ProblemTypeDto[] {
    return (Object.keys(PROBLEM_TYPES) as ProblemTypeKey[]).map((key) => describe(key));
  }

  @Get(':slug')
  @ApiOkResponse({ type: ProblemTypeDto })
  @ApiProblemResponses(404)
  getProblemType(@Param('slug') slug: string): ProblemTypeDto {
    const key = (Object.keys(PROBLEM_TYPES) as ProblemTypeKey[]).find(
      (k) => PROBLEM_TYPES[k].slug === slug,
    );
    if (!key) throw new ProblemException('notFound', `No problem type ${slug}.`);
    return describe(key);
  }
}

function describe(key: ProblemTypeKey): ProblemTypeDto {
  const { title, status } = PROBLEM_TYPES[key];
  return { type: problemTypeUri(key), title, status };
}
