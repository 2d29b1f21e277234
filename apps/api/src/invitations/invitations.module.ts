import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FranchisesModule } from '@api/franchises/franchises.module';
import { FranchiseInvitationEntity } from './franchise-invitation.entity';
import { InvitationsController } from './invitations.controller';
import { InvitationsRepository } from './invitations.repository';
import { InvitationsService } from './invitations.service';

/** Franchise invitations: the wizard's credential. Imported by AuthModule, whose guard resolves them. */
@Module({
  imports: [TypeOrmModule.forFeature([FranchiseInvitationEntity]), FranchisesModule],
  controllers: [InvitationsController],
  providers: [InvitationsRepository, InvitationsService],
  exports: [InvitationsService],
})
export class InvitationsModule {}
