import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CapabilitySnapshotEntity } from './capability-snapshot.entity';
import { SnapshotStore } from './snapshot-store';
import { SnapshotsRepository } from './snapshots.repository';

@Module({
  imports: [TypeOrmModule.forFeature([CapabilitySnapshotEntity])],
  providers: [SnapshotsRepository, SnapshotStore],
  exports: [SnapshotsRepository, SnapshotStore],
})
export class SnapshotsModule {}
