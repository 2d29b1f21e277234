import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { MerchantAccountsModule } from '@api/merchant-accounts/merchant-accounts.module';
import { CustomerReportLock } from './customer-report-lock';
import { ReportFetchHandler } from './report-fetch.handler';
import { ReportLockEntity } from './report-lock.entity';
import { ReportSettingsEntity } from './report-settings.entity';
import { ReportTransactionEntity } from './report-transaction.entity';
import { ReportTransactionsRepository } from './report-transactions.repository';
import { ReportWindowEntity } from './report-window.entity';
import { ReportWindowsRepository } from './report-windows.repository';
import { TransactionReportsController } from './transaction-reports.controller';
import { TransactionReportsScheduler } from './transaction-reports.scheduler';
import { TransactionReportsService } from './transaction-reports.service';

/** Saferpay transaction reporting: daily and on-demand exports under Saferpay's rules. */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ReportSettingsEntity,
      ReportWindowEntity,
      ReportTransactionEntity,
      ReportLockEntity,
    ]),
    FranchisesModule,
    MerchantAccountsModule,
  ],
  controllers: [TransactionReportsController],
  providers: [
    ReportWindowsRepository,
    ReportTransactionsRepository,
    CustomerReportLock,
    ReportFetchHandler,
    TransactionReportsService,
    TransactionReportsScheduler,
  ],
})
export class TransactionReportsModule {}
