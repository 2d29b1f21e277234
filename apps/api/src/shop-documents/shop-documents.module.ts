import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ShopEntity } from '@api/shops/shop.entity';
import { ShopCapabilitiesController } from './shop-capabilities.controller';
import { ShopCapabilitiesFastLane } from './shop-capabilities-fast-lane';
import { ShopCapabilitiesService } from './shop-capabilities.service';
import { ShopDocumentEntity } from './shop-document.entity';
import { ShopDocumentCache } from './shop-document-cache';
import { ShopDocumentsService } from './shop-documents.service';
import { ShopTokenEntity } from './shop-token.entity';
import { ShopTokenResolver } from './shop-token-resolver';
import { ShopTokenUsage } from './shop-token-usage';
import { ShopTokensController } from './shop-tokens.controller';
import { ShopTokensRepository } from './shop-tokens.repository';
import { ShopTokensService } from './shop-tokens.service';

/**
 * Shop tokens and the shops' precomputed capability documents. Low in the module graph:
 * the bearer guard resolves shop tokens through it, and whatever changes a document's
 * inputs (the capability recorder, shops, Fields tokens, account changes) calls
 * ShopDocumentsService in its own transaction. It depends on entities only.
 */
@Module({
  imports: [TypeOrmModule.forFeature([ShopTokenEntity, ShopDocumentEntity, ShopEntity])],
  controllers: [ShopTokensController, ShopCapabilitiesController],
  providers: [
    ShopTokensRepository,
    ShopTokensService,
    ShopTokenResolver,
    ShopTokenUsage,
    ShopDocumentCache,
    ShopDocumentsService,
    ShopCapabilitiesService,
    ShopCapabilitiesFastLane,
  ],
  exports: [ShopDocumentsService, ShopTokenResolver, ShopCapabilitiesFastLane],
})
export class ShopDocumentsModule {}
