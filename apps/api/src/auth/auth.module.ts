import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InvitationsModule } from '@api/invitations/invitations.module';
import { ShopDocumentsModule } from '@api/shop-documents/shop-documents.module';
import { BearerAuthGuard } from './bearer-auth.guard';
import { OperatorKeyEntity } from './operator-key.entity';
import { OperatorKeysController } from './operator-keys.controller';
import { OperatorKeysRepository } from './operator-keys.repository';
import { OperatorKeysService } from './operator-keys.service';

@Module({
  imports: [TypeOrmModule.forFeature([OperatorKeyEntity]), ShopDocumentsModule, InvitationsModule],
  controllers: [OperatorKeysController],
  providers: [
    OperatorKeysRepository,
    OperatorKeysService,
    { provide: APP_GUARD, useClass: BearerAuthGuard },
  ],
  exports: [OperatorKeysService],
})
export class AuthModule {}
