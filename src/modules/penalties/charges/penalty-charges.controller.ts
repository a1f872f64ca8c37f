import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, Role, Roles } from 'src/common/auth/roles';
import { CreatePenaltyChargesDto, PenaltyChargesResultDto } from './dto/penalty-charge.dto';
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
}
