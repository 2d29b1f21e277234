import { Injectable } from '@nestjs/common';
import { PinoLogger } from 'nestjs-pino';
import {
  SaferpayClient,
  type SaferpayAttemptObservation,
  type SaferpayLogger,
} from '@platform/saferpay-client';
import { AppConfig } from '@api/config/app-config';
import { Metrics } from '@api/metrics/metrics.service';
import { traceSaferpayAttempt, tracingEnabled } from '@api/tracing/tracing';
import type { SaferpayEnvironment } from '@api/merchant-accounts/merchant-account.entity';

/**
 * One Saferpay client per environment for the whole process (the per-host
 * concurrency limit lives in the instance). Base URLs come from operator
 * configuration only; a tenant chooses `test` or `live`, never a URL.
 */
@Injectable()
export class SaferpayClients {
  private readonly clients: Record<SaferpayEnvironment, SaferpayClient>;

  constructor(config: AppConfig, logger: PinoLogger, metrics: Metrics) {
    logger.setContext('SaferpayClient');
    const log: SaferpayLogger = {
      debug: (obj, msg) => logger.debug(obj, msg),
      info: (obj, msg) => logger.debug(obj, msg),
      warn: (obj, msg) => logger.warn(obj, msg),
    };
    const common = {
      apiVersion: config.SAFERPAY_API_VERSION,
      timeoutMs: config.SAFERPAY_TIMEOUT_MS,
      maxConcurrencyPerHost: config.SAFERPAY_MAX_CONCURRENCY_PER_HOST,
      logger: log,
      // Each attempt is counted, and with tracing on also a span (operation, status, ErrorName).
      observer: tracingEnabled()
        ? (observation: SaferpayAttemptObservation) => {
            metrics.saferpayAttempt(observation);
            traceSaferpayAttempt(observation);
          }
        : (observation: SaferpayAttemptObservation) => metrics.saferpayAttempt(observation),
    };
    this.clients = {
      test: config.SAFERPAY_TEST_BASE_URL
        ? new SaferpayClient({ baseUrl: config.SAFERPAY_TEST_BASE_URL, ...common })
        : new SaferpayClient({ environment: 'test', ...common }),
      live: config.SAFERPAY_LIVE_BASE_URL
        ? new SaferpayClient({ baseUrl: config.SAFERPAY_LIVE_BASE_URL, ...common })
        : new SaferpayClient({ environment: 'live', ...common }),
    };
  }

  forEnvironment(environment: SaferpayEnvironment): SaferpayClient {
    return this.clients[environment];
  }
}
