import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pinoHttp from 'pino-http';
import type { Logger as PinoRootLogger } from 'pino';
import { Logger } from 'nestjs-pino';
import { AppConfig } from '@api/config/app-config';
import { answerClientErrors } from '@api/common/http/client-errors';
import { jsonBodyMiddleware } from '@api/common/http/json-body.middleware';
import { queryNulMiddleware } from '@api/common/http/query-nul.middleware';
import { httpLoggerOptions } from '@api/common/http/logging';
import { ProblemFilter } from '@api/common/problem/problem.filter';
import { ProblemValidationPipe } from '@api/common/problem/validation';
import { httpMetricsMiddleware } from '@api/metrics/http-metrics.middleware';
import { Metrics } from '@api/metrics/metrics.service';
import { ShopCapabilitiesFastLane } from '@api/shop-documents/shop-capabilities-fast-lane';
import { ROOT_LOGGER } from '@api/app.module';
import { serveWizard } from '@api/web/serve-wizard';

/**
 * Everything an HTTP app needs beyond its modules, applied identically by
 * main.ts, the tests and the OpenAPI generator.
 */
export function configureApp(app: INestApplication): INestApplication {
  const express = app as NestExpressApplication;
  const config = app.get(AppConfig);
  express.disable('x-powered-by');
  express.set('trust proxy', 'loopback');
  express.set('query parser', 'simple');
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use(pinoHttp(httpLoggerOptions(app.get<PinoRootLogger>(ROOT_LOGGER))));
  app.use(jsonBodyMiddleware(config.BODY_LIMIT_BYTES));
  app.use(queryNulMiddleware());
  serveWizard(app, config.WIZARD_DIST_DIR);
  app.useLogger(app.get(Logger));
  app.useGlobalFilters(app.get(ProblemFilter));
  app.useGlobalPipes(new ProblemValidationPipe());
  const server = express.getHttpServer();
  // Idle sockets outlive clients' and load balancers' idle timeouts (undici 4 s, ALBs 60 s),
  // so a client never reuses a socket the server is closing at that moment.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  answerClientErrors(server);
  // In front of Express: shops' capability reads answered from memory (see the fast lane).
  app.get(ShopCapabilitiesFastLane).install(server);
  return app;
}
