import type { IncomingMessage, ServerResponse } from 'node:http';
import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import { hashToken } from '@platform/tokens';
import type { ShopPrincipal } from '@api/auth/principal';
import { requestIdFor } from '@api/common/http/logging';
import { notFound, ProblemException } from '@api/common/problem/problem.exception';
import { AppConfig } from '@api/config/app-config';
import { cacheControlValue, writeDocument, type ServedDocument } from './http-caching';
import { ShopDocumentCache } from './shop-document-cache';
import { ShopDocumentsService } from './shop-documents.service';
import { ShopTokenResolver } from './shop-token-resolver';
import { ShopTokenUsage } from './shop-token-usage';
import { TokenBuckets } from './token-bucket';

/**
 * Serves a shop its capability document: token → shop (cached), rate limit, the stored
 * bytes (cached, decrypted once per content), HTTP caching. Two entrances share it: the
 * Nest controller (complete: database reads, problems) and `serveFromMemory`, which the
 * fast lane calls before Express and which answers only when everything is in memory.
 */
@Injectable()
export class ShopCapabilitiesService {
  readonly cacheControl: string;
  private readonly limiter: TokenBuckets;

  constructor(
    private readonly config: AppConfig,
    private readonly tokens: ShopTokenResolver,
    private readonly documents: ShopDocumentCache,
    private readonly rebuilder: ShopDocumentsService,
    private readonly usage: ShopTokenUsage,
    private readonly logger: PinoLogger,
  ) {
    logger.setContext(ShopCapabilitiesService.name);
    this.cacheControl = cacheControlValue(
      config.SHOP_DOCUMENT_MAX_AGE_SECONDS,
      config.SHOP_DOCUMENT_STALE_WHILE_REVALIDATE_SECONDS,
    );
    this.limiter = new TokenBuckets(config.SHOP_RATE_LIMIT_PER_MINUTE);
  }

  /**
   * The Nest route, after the guard resolved the token. `requestedShopId` comes from
   * `/shops/{shopId}/capabilities`: another shop's id is a 404, like a missing one.
   */
  async serve(
    principal: ShopPrincipal,
    requestedShopId: string | undefined,
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const { tenantId, shopId, tokenId } = principal;
    if (requestedShopId !== undefined && requestedShopId.toLowerCase() !== shopId) {
      throw notFound('Shop', requestedShopId);
    }
    const verdict = this.limiter.take(tokenId);
    if (!verdict.allowed) {
      throw new ProblemException(
        'rateLimited',
        `A shop token may read its document ${this.config.SHOP_RATE_LIMIT_PER_MINUTE} times a minute; cache it (the ETag makes revalidation cheap).`,
        undefined,
        { 'Retry-After': String(verdict.retryAfterSeconds) },
      );
    }
    this.usage.touch(tokenId);
    let document = await this.documents.load(tenantId, shopId);
    if (!document) {
      // Shops made before documents existed get theirs on first use.
      await this.rebuilder.shopsChanged(tenantId, [shopId]);
      document = await this.documents.load(tenantId, shopId);
    }
    if (!document) throw notFound('Shop', shopId);
    writeDocument(req, res, document, this.cacheControl);
  }

  /**
   * The fast lane: answers (and returns true) only when the token and the document are in
   * memory and fresh and the token is within its rate; anything else returns false untouched
   * and Nest answers, with the same headers and bytes (writeDocument) or the problem.
   */
  serveFromMemory(
    req: IncomingMessage,
    res: ServerResponse,
    token: string,
    requestedShopId: string | undefined,
  ): boolean {
    const ref = this.tokens.peek(hashToken(token));
    if (!ref || (requestedShopId !== undefined && requestedShopId !== ref.shopId)) return false;
    const document: ServedDocument | undefined = this.documents.peek(ref.tenantId, ref.shopId);
    if (!document || !this.limiter.take(ref.tokenId).allowed) return false;
    this.usage.touch(ref.tokenId);
    const requestId = requestIdFor(req);
    writeDocument(req, res, document, this.cacheControl, requestId);
    // pino-http logs every Nest request at info; this lane, hundreds a second, at debug.
    if (this.logger.logger.isLevelEnabled('debug')) {
      this.logger.debug(
        { reqId: requestId, shopId: ref.shopId, status: res.statusCode },
        'Capability document served from memory',
      );
    }
    return true;
  }
}
