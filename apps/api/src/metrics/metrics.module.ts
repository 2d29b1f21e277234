import { Global, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { JobsRepository } from '@api/jobs/jobs.repository';
import { MetricsController } from './metrics.controller';
import { Metrics } from './metrics.service';

/** Points the queue gauge at the job table. */
@Injectable()
class QueueDepthGauge implements OnModuleInit {
  constructor(
    private readonly metrics: Metrics,
    private readonly jobs: JobsRepository,
  ) {}

  onModuleInit(): void {
    this.metrics.setQueueDepthSource(() => this.jobs.countQueued());
  }
}

/** Prometheus metrics: the `Metrics` service (global) and `GET /metrics`. */
@Global()
@Module({
  controllers: [MetricsController],
  providers: [Metrics, QueueDepthGauge],
  exports: [Metrics],
})
export class MetricsModule {}
