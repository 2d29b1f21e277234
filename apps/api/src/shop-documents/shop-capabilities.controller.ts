import { applyDecorators, Controller, Get, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { ShopPrincipal, TenantContextValue } from '@api/auth/principal';
import { ProblemException } from '@api/common/problem/problem.exception';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import { CapabilityDocumentDto } from './dto/capability-document.dto';
import { ShopCapabilitiesService } from './shop-capabilities.service';

const CACHING_HEADERS = {
  ETag: {
    description:
      'Strong validator: `"<base64url(SHA-256 of the JSON bytes)>"`, the same in every content coding.',
    schema: { type: 'string' },
  },
  'Cache-Control': {
    description:
      '`private, max-age=60, stale-while-revalidate=300` by default (SHOP_DOCUMENT_MAX_AGE_SECONDS, SHOP_DOCUMENT_STALE_WHILE_REVALIDATE_SECONDS).',
    schema: { type: 'string' },
  },
  Vary: { description: '`Authorization, Accept-Encoding`.', schema: { type: 'string' } },
};

/** The caching contract, documented on both routes. */
const CapabilityResponses = () =>
  applyDecorators(
    ApiHeader({
      name: 'If-None-Match',
      required: false,
      description: 'The ETag of the copy you hold: `304` without a body when it is still current.',
    }),
    ApiHeader({
      name: 'Accept-Encoding',
      required: false,
      description: 'br or gzip: documents over 1 KiB are compressed.',
    }),
    ApiOkResponse({ type: CapabilityDocumentDto, headers: CACHING_HEADERS }),
    ApiResponse({ status: 304, description: 'Your copy is current.', headers: CACHING_HEADERS }),
    ApiProblemResponses(400, 401, 403, 404, 429),
  );

function shopPrincipal({ principal }: TenantContextValue): ShopPrincipal {
  if (principal.kind !== 'shopToken') throw new ProblemException('forbidden');
  return principal;
}

/**
 * What a shop may offer at checkout, for its own shop token only (operator keys get 403,
 * another shop's id 404). Usually answered by the fast lane before Nest is reached; this
 * controller answers whatever needs the database or a problem.
 */
@ApiTags('shop-capabilities')
@ApiBearerAuth()
@AllowPrincipals('shopToken')
@Controller()
export class ShopCapabilitiesController {
  constructor(private readonly capabilities: ShopCapabilitiesService) {}

  /** The capability document of the calling token's shop. */
  @Get('shop/capabilities')
  @CapabilityResponses()
  getOwnShopCapabilities(
    @TenantContext() context: TenantContextValue,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.capabilities.serve(shopPrincipal(context), undefined, req, res);
  }

  /** The same document by shop id; any shop but the token's own is a 404. */
  @Get('shops/:shopId/capabilities')
  @CapabilityResponses()
  getShopCapabilities(
    @TenantContext() context: TenantContextValue,
    @UuidParam('shopId') shopId: string,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    return this.capabilities.serve(shopPrincipal(context), shopId, req, res);
  }
}
