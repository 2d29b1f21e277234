import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { MerchantAccountEntity } from '@api/merchant-accounts/merchant-account.entity';
import { MerchantAccountsRepository } from '@api/merchant-accounts/merchant-accounts.repository';
import { ShopDocumentsModule } from '@api/shop-documents/shop-documents.module';
import { SnapshotsModule } from '@api/snapshots/snapshots.module';
import { WebhooksModule } from '@api/webhooks/webhooks.module';
import { CapabilityRecorder } from './capability-recorder';
import { ComplianceController } from './compliance.controller';
import { ComplianceService } from './compliance.service';
import { FranchisePolicyEntity } from './franchise-policy.entity';
import { PoliciesRepository } from './policies.repository';

/**
 * Franchise policies, account compliance and the recorder that turns a read of an account
 * into snapshot, state and events. Below merchant accounts in the module graph (onboarding
 * uses the recorder), so it provides the stateless accounts repository itself.
 */
@Module({
  imports: [
    TypeOrmModule.forFeature([FranchisePolicyEntity, MerchantAccountEntity]),
    FranchisesModule,
    SnapshotsModule,
    WebhooksModule,
    ShopDocumentsModule,
  ],
  controllers: [ComplianceController],
  providers: [
    PoliciesRepository,
    MerchantAccountsRepository,
    CapabilityRecorder,
    ComplianceService,
  ],
  exports: [CapabilityRecorder, PoliciesRepository],
})
export class ComplianceModule {}
