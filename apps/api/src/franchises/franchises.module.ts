import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FranchiseEntity } from './franchise.entity';
import { FranchisesController } from './franchises.controller';
import { FranchisesRepository } from './franchises.repository';
import { FranchisesService } from './franchises.service';

@Module({
  imports: [TypeOrmModule.forFeature([FranchiseEntity])],
  controllers: [FranchisesController],
  providers: [FranchisesRepository, FranchisesService],
  exports: [FranchisesService],
})
export class FranchisesModule {}
