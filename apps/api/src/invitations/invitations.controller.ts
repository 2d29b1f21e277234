import { Body, Controller, Delete, Get, HttpCode, Post, Req } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { Request } from 'express';
import { AllowPrincipals, TenantContext } from '@api/auth/auth.decorators';
import type { TenantContextValue } from '@api/auth/principal';
import { ProblemException } from '@api/common/problem/problem.exception';
import { UuidParam } from '@api/common/http/uuid-param';
import { ApiProblemResponses } from '@api/openapi/api-problem-responses.decorator';
import {
  CreateInvitationDto,
  InvitationListDto,
  InvitationSummaryDto,
  IssuedInvitationDto,
} from './dto/invitation.dto';
import { InvitationsService } from './invitations.service';

@ApiTags('invitations')
@ApiBearerAuth()
@Controller()
export class InvitationsController {
  constructor(private readonly invitations: InvitationsService) {}

  /** Invites franchise staff to the wizard: the token and link are in this answer only. */
  @Post('franchises/:franchiseId/invitations')
  @ApiCreatedResponse({ type: IssuedInvitationDto })
  @ApiProblemResponses(400, 401, 404, 415)
  createInvitation(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
    @Body() body: CreateInvitationDto,
    @Req() request: Request,
  ): Promise<IssuedInvitationDto> {
    const baseUrl = `${request.protocol}://${request.get('host') ?? 'localhost'}`;
    return this.invitations.issue(tenantId, franchiseId, body, baseUrl);
  }

  /** The franchise's invitations, newest first, with their state; never their tokens. */
  @Get('franchises/:franchiseId/invitations')
  @ApiOkResponse({ type: InvitationListDto })
  @ApiProblemResponses(400, 401, 404)
  async listInvitations(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('franchiseId') franchiseId: string,
  ): Promise<InvitationListDto> {
    return { items: await this.invitations.list(tenantId, franchiseId) };
  }

  /** Revokes an invitation at once; its link stops working. */
  @Delete('invitations/:invitationId')
  @HttpCode(204)
  @ApiNoContentResponse({ description: 'Revoked.' })
  @ApiProblemResponses(400, 401, 404)
  revokeInvitation(
    @TenantContext() { tenantId }: TenantContextValue,
    @UuidParam('invitationId') id: string,
  ): Promise<void> {
    return this.invitations.revoke(tenantId, id);
  }

  /** The calling invitation's franchise: the wizard's first page. Invitation tokens only. */
  @Get('invitation')
  @AllowPrincipals('franchiseInvitation')
  @ApiOkResponse({ type: InvitationSummaryDto })
  @ApiProblemResponses(401, 403)
  getInvitation(@TenantContext() { principal }: TenantContextValue): Promise<InvitationSummaryDto> {
    if (principal.kind !== 'franchiseInvitation') throw new ProblemException('forbidden');
    return this.invitations.summary(principal);
  }
}
