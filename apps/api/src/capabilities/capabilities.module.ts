import { Module } from '@nestjs/common';
import { ComplianceModule } from '@api/compliance/compliance.module';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { MerchantAccountsModule } from '@api/merchant-accounts/merchant-accounts.module';
import { SnapshotsModule } from '@api/snapshots/snapshots.module';
import { CapabilitiesController } from './capabilities.controller';
import { CapabilitiesService } from './capabilities.service';
import { MatrixCache } from './matrix-cache';

/** Snapshot versions, diffs and the franchise capability matrix. */
@Module({
  imports: [SnapshotsModule, MerchantAccountsModule, FranchisesModule, ComplianceModule],
  controllers: [CapabilitiesController],
  providers: [CapabilitiesService, MatrixCache],
})
export class CapabilitiesModule {}
