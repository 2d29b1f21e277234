import { Global, Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { JobEntity } from './job.entity';
import { JobWorkerService } from './job-worker.service';
import { JobsController } from './jobs.controller';
import { JobsRepository } from './jobs.repository';
import { JobsService } from './jobs.service';
import { PruneJobsHandler } from './prune-jobs.handler';
import { SchedulerLock } from './scheduler-lock';

/** The PostgreSQL-backed job queue. Global: every feature enqueues work. */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([JobEntity]), DiscoveryModule],
  controllers: [JobsController],
  providers: [JobsRepository, JobsService, JobWorkerService, SchedulerLock, PruneJobsHandler],
  exports: [JobsService, SchedulerLock, JobWorkerService, JobsRepository],
})
export class JobsModule {}
