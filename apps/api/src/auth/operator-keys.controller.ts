import { Body, Controller, Delete, Get, HttpCode, Post } from '@nestjs/common';
import { UuidParam } from '@api/common/http/uuid-param';
import {
  ApiCreatedResponse,
  ApiOkResponse,
  ApiBearerAuth,
  ApiNoContentResponse,
  ApiTags,
} from '@nestjs/swagger';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { TenantContext } from './auth.decorators';
import {
  CreateOperatorKeyDto,
  IssuedOperatorKeyDto,
  OperatorKeyListDto,
} from './dto/operator-key.dto';
import { OperatorKeysService } from './operator-keys.service';
import type { TenantContextValue } from './principal';

@ApiTags('operator-keys')
@ApiBearerAuth()
@Controller('operator-keys')
export class OperatorKeysController {
  constructor(private readonly keys: OperatorKeysService) {}

  /** Issues a new operator key for the caller's tenant. The secret is in this response only. */
  @Post()
  @ApiCreatedResponse({ type: IssuedOperatorKeyDto })
  @ApiProblemResponses(400, 401)
  createOperatorKey(
    @TenantContext() { tenantId }: TenantContextValue,
    @Body() body: CreateOperatorKeyDto,
  ): Promise<IssuedOperatorKeyDto> {
    return this.keys.issue(tenantId, body.name);
  }

  /** Lists the tenant's operator keys, revoked ones included, without secrets. */
  @Get()
  @ApiOkResponse({ type: OperatorKeyListDto })
  @ApiProblemResponses(401)
  async listOperatorKeys(
    @TenantContext() { tenantId }: TenantContextValue,
  ): Promise<OperatorKeyListDto> {
    return { items: await this.keys.list(tenantId) };
  }

  /** Revokes a key at once. Revoking the key you call with is allowed. */
  @Delete(':operatorKeyId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblemResponses(401, 404)
  revokeOperatorKey(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('operatorKeyId') id: string,
  ): Promise<void> {
    return this.keys.revoke(tenantId, id);
  }
}
