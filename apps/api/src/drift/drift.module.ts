import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ComplianceModule } from '@api/compliance/compliance.module';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { MerchantAccountsModule } from '@api/merchant-accounts/merchant-accounts.module';
import { SnapshotsModule } from '@api/snapshots/snapshots.module';
import { WebhooksModule } from '@api/webhooks/webhooks.module';
import { DriftCheckItemEntity } from './drift-check-item.entity';
import { DriftCheckItemsRepository } from './drift-check-items.repository';
import { DriftCheckHandler } from './drift-check.handler';
import { DriftChecksService } from './drift-checks.service';
import { DriftController } from './drift.controller';
import { DriftScheduleEntity } from './drift-schedule.entity';
import { DriftScheduler } from './drift-scheduler';
import { DriftSchedulesRepository } from './drift-schedules.repository';

/** Scheduled and on-demand drift checks of merchant accounts. */
@Module({
  imports: [
    TypeOrmModule.forFeature([DriftCheckItemEntity, DriftScheduleEntity]),
    ComplianceModule,
    FranchisesModule,
    MerchantAccountsModule,
    SnapshotsModule,
    WebhooksModule,
  ],
  controllers: [DriftController],
  providers: [
    DriftCheckItemsRepository,
    DriftSchedulesRepository,
    DriftChecksService,
    DriftCheckHandler,
    DriftScheduler,
  ],
})
export class DriftModule {}
