import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Headers, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { Public } from '@api/auth/auth.decorators';
import { ProblemException } from '@api/common/problem/problem.exception';
import { AppConfig } from '@api/config/app-config';
import { Metrics } from './metrics.service';

const digest = (value: string): Buffer => createHash('sha256').update(value).digest();

/**
 * Prometheus text exposition. Not an operator route: no API key, but a bearer
 * METRICS_TOKEN when configured. Left out of the OpenAPI document (not JSON).
 */
@ApiExcludeController()
@Public()
@Controller('metrics')
export class MetricsController {
  constructor(
    private readonly metrics: Metrics,
    private readonly config: AppConfig,
  ) {}

  @Get()
  async scrape(
    @Headers('authorization') authorization: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    this.authorize(authorization);
    const { contentType, body } = await this.metrics.exposition();
    res.setHeader('Cache-Control', 'no-store');
    res.type(contentType).send(body);
  }

  private authorize(authorization: string | undefined): void {
    const expected = this.config.METRICS_TOKEN;
    if (!expected) return;
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
    if (!match || !timingSafeEqual(digest(match[1]), digest(expected))) {
      throw new ProblemException(
        'unauthorized',
        'Send the metrics token as "Authorization: Bearer <METRICS_TOKEN>".',
        undefined,
        { 'WWW-Authenticate': 'Bearer realm="metrics"' },
      );
    }
  }
}
