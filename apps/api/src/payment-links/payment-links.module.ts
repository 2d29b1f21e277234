import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { MerchantAccountsModule } from '@api/merchant-accounts/merchant-accounts.module';
import { SnapshotsModule } from '@api/snapshots/snapshots.module';
import { PaymentLinkEntity } from './payment-link.entity';
import { PaymentLinksController } from './payment-links.controller';
import { PaymentLinksRepository } from './payment-links.repository';
import { PaymentLinksService } from './payment-links.service';
import { PaymentLinksSync } from './payment-links-sync';

/** Secure PayGate single-use payment links: create (idempotent), status sync, void. */
@Module({
  imports: [
    TypeOrmModule.forFeature([PaymentLinkEntity]),
    FranchisesModule,
    MerchantAccountsModule,
    SnapshotsModule,
  ],
  controllers: [PaymentLinksController],
  providers: [PaymentLinksRepository, PaymentLinksService, PaymentLinksSync],
})
export class PaymentLinksModule {}
