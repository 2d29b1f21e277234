import { DynamicModule, Module } from '@nestjs/common';
import { ScheduleModule } from '@nestjs/schedule';
import { LoggerModule } from 'nestjs-pino';
import type { DestinationStream } from 'pino';
import { AuditModule } from '@api/audit/audit.module';
import { AuthModule } from '@api/auth/auth.module';
import { CapabilitiesModule } from '@api/capabilities/capabilities.module';
import { createRootLogger } from '@api/common/http/logging';
import { ProblemFilter } from '@api/common/problem/problem.filter';
import { AppConfig } from '@api/config/app-config';
import { ComplianceModule } from '@api/compliance/compliance.module';
import { ConfigModule } from '@api/config/config.module';
import { DatabaseModule } from '@api/database/database.module';
import { DriftModule } from '@api/drift/drift.module';
import { EventsModule } from '@api/events/events.module';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { HealthModule } from '@api/health/health.module';
import { InvitationsModule } from '@api/invitations/invitations.module';
import { JobsModule } from '@api/jobs/jobs.module';
import { MerchantAccountsModule } from '@api/merchant-accounts/merchant-accounts.module';
import { PaymentLinksModule } from '@api/payment-links/payment-links.module';
import { MetricsModule } from '@api/metrics/metrics.module';
import { SaferpayModule } from '@api/saferpay/saferpay.module';
import { SecretsModule } from '@api/secrets/secrets.module';
import { ShopDocumentsModule } from '@api/shop-documents/shop-documents.module';
import { ShopsModule } from '@api/shops/shops.module';
import { TenantsModule } from '@api/tenants/tenants.module';
import { WebhooksModule } from '@api/webhooks/webhooks.module';
import { TransactionReportsModule } from '@api/transaction-reports/transaction-reports.module';

export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

export interface AppModuleOptions {
  config: AppConfig;
  databaseUrl: string;
  /** Where logs go instead of stdout (tests read them). */
  logDestination?: DestinationStream;
}

@Module({})
export class AppModule {
  static forRoot({ config, databaseUrl, logDestination }: AppModuleOptions): DynamicModule {
    const rootLogger = createRootLogger(config, logDestination);
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        // pino-http runs as plain Express middleware (configureApp) so body-parser errors carry a request id too.
        LoggerModule.forRoot({ pinoHttp: { logger: rootLogger }, useExisting: true }),
        DatabaseModule.forRoot(databaseUrl),
        ...(config.SCHEDULER_ENABLED ? [ScheduleModule.forRoot()] : []),
        MetricsModule,
        SecretsModule,
        SaferpayModule,
        JobsModule,
        AuthModule,
        AuditModule,
        TenantsModule,
        HealthModule,
        FranchisesModule,
        MerchantAccountsModule,
        CapabilitiesModule,
        ShopsModule,
        ShopDocumentsModule,
        EventsModule,
        WebhooksModule,
        ComplianceModule,
        DriftModule,
        InvitationsModule,
        PaymentLinksModule,
        TransactionReportsModule,
      ],
      providers: [{ provide: ROOT_LOGGER, useValue: rootLogger }, ProblemFilter],
      exports: [ROOT_LOGGER],
    };
  }
}
