import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles } from 'src/common/auth/roles';
import {
  CreatePenaltyChargesDto,
  PenaltyChargePostingDto,
  PenaltyChargesResultDto,
} from './dto/penalty-charge.dto';
import { PenaltyChargesService } from './penalty-charges.service';

@ApiTags('penalties')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-charges')
export class PenaltyChargesController {
  constructor(private readonly charges: PenaltyChargesService) {}

  /**
   * Penalty lines of a closed billing period (accrued to its last day minus earlier lines), one per
   * account; repeating creates nothing. 409 PENALTY_RUN_NOT_COMPLETED without the run of that day.
   * Closing a period posts them by itself (see /postings); this is the manual way.
   */
  @Roles(Role.Supervisor)
  @HttpCode(200)
  @Post()
  create(
    @Body() dto: CreatePenaltyChargesDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<PenaltyChargesResultDto> {
    return this.charges.create(dto, by);
  }

  /**
   * Postings of penalty lines requested by period close, newest first: waiting (for the completed
   * penalty run of the period's last day), posted or failed.
   */
  @Roles(...READERS)
  @Get('postings')
  postings(): Promise<PenaltyChargePostingDto[]> {
    return this.charges.postings();
  }

  /**
   * Post the waiting periods whose run has completed now (also done after every completed run and
   * every close); returns the periods posted or failed by this call.
   */
  @Roles(Role.Supervisor)
  @HttpCode(200)
  @Post('postings/resume')
  resume(@CurrentPrincipal() by: Principal): Promise<PenaltyChargePostingDto[]> {
    return this.charges.postWaiting(by.name);
  }
}
