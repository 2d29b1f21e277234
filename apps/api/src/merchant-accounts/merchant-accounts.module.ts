import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ComplianceModule } from '@api/compliance/compliance.module';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { OnboardingItemEntity } from '@api/onboarding/onboarding-item.entity';
import { OnboardingHandler } from '@api/onboarding/onboarding.handler';
import { OnboardingItemsRepository } from '@api/onboarding/onboarding-items.repository';
import { OnboardingService } from '@api/onboarding/onboarding.service';
import { ShopDocumentsModule } from '@api/shop-documents/shop-documents.module';
import { SnapshotsModule } from '@api/snapshots/snapshots.module';
import { WebhooksModule } from '@api/webhooks/webhooks.module';
import { MerchantAccountEntity } from './merchant-account.entity';
import { MerchantAccountsController } from './merchant-accounts.controller';
import { MerchantAccountsRepository } from './merchant-accounts.repository';
import { MerchantAccountsService } from './merchant-accounts.service';
import { MerchantCredentialsSecretStore } from './merchant-credentials.secret-store';

/** Merchant accounts and their onboarding (registration starts the job that reads them). */
@Module({
  imports: [
    TypeOrmModule.forFeature([MerchantAccountEntity, OnboardingItemEntity]),
    FranchisesModule,
    SnapshotsModule,
    ComplianceModule,
    WebhooksModule,
    ShopDocumentsModule,
  ],
  controllers: [MerchantAccountsController],
  providers: [
    MerchantAccountsRepository,
    MerchantAccountsService,
    MerchantCredentialsSecretStore,
    OnboardingItemsRepository,
    OnboardingService,
    OnboardingHandler,
  ],
  exports: [MerchantAccountsRepository, MerchantAccountsService],
})
export class MerchantAccountsModule {}
