import { Body, Controller, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Request } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, Roles, STAFF } from 'src/common/auth/roles';
import { OpeningBalancesImportQuery, OpeningBalancesImportResponseDto } from './dto/opening-balance.dto';
import { OpeningBalancesService } from './opening-balances.service';

@ApiTags('ledger')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/opening-balances')
export class OpeningBalancesController {
  constructor(private readonly balances: OpeningBalancesService) {}

  /**
   * Import opening balances (debt by period and service from the previous system) from a CSV body
   * (text/csv or text/plain; UTF-8 or Windows-1251): account;period;service;amount;kind.
   */
  @Roles(...STAFF)
  @Post()
  @HttpCode(200)
  @ApiConsumes('text/csv', 'text/plain')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'account;period;service;amount;kind\nЛС00000001;2023-05;heating;1520.40;principal\n',
    },
  })
  @ApiOkResponse({ type: OpeningBalancesImportResponseDto })
  import(
    @Body() body: unknown,
    @Req() req: Request & { rawBody?: Buffer },
    @Query() q: OpeningBalancesImportQuery,
    @CurrentPrincipal() by: Principal,
  ): Promise<OpeningBalancesImportResponseDto> {
    return this.balances.import(body, req.rawBody, q, by);
  }
}
