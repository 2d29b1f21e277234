import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ProblemTypesController } from './problem-types.controller';

@Module({ controllers: [HealthController, ProblemTypesController] })
export class HealthModule {}
