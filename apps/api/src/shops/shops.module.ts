import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FieldsTokenEntity } from '@api/fields-tokens/fields-token.entity';
import { FieldsTokenGateway } from '@api/fields-tokens/fields-token-gateway';
import { FieldsTokensController } from '@api/fields-tokens/fields-tokens.controller';
import {
  RotateFieldsTokenHandler,
  SettleFieldsTokenHandler,
  SweepFieldsTokensHandler,
} from '@api/fields-tokens/fields-tokens.handlers';
import { FieldsTokensRepository } from '@api/fields-tokens/fields-tokens.repository';
import { FieldsTokensService } from '@api/fields-tokens/fields-tokens.service';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { MerchantAccountsModule } from '@api/merchant-accounts/merchant-accounts.module';
import { ShopDocumentsModule } from '@api/shop-documents/shop-documents.module';
import { SnapshotsModule } from '@api/snapshots/snapshots.module';
import { ShopEntity } from './shop.entity';
import { ShopDeletionService } from './shop-deletion.service';
import { ShopsController } from './shops.controller';
import { FieldsTokenSecretStore } from '@api/fields-tokens/fields-token.secret-store';
import { ShopsRepository } from './shops.repository';
import { ShopsService } from './shops.service';

/**
 * Shops and their Saferpay Fields access tokens (`fields-tokens/`). One module:
 * a shop's URL change rotates its token and deleting a shop revokes them.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([ShopEntity, FieldsTokenEntity]),
    FranchisesModule,
    MerchantAccountsModule,
    SnapshotsModule,
    ShopDocumentsModule,
  ],
  controllers: [ShopsController, FieldsTokensController],
  providers: [
    ShopsRepository,
    ShopsService,
    ShopDeletionService,
    FieldsTokensRepository,
    FieldsTokensService,
    FieldsTokenGateway,
    SettleFieldsTokenHandler,
    RotateFieldsTokenHandler,
    SweepFieldsTokensHandler,
    FieldsTokenSecretStore,
  ],
})
export class ShopsModule {}
