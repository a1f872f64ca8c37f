import { Body, Controller, Get, Header, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiProduces,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Request, Response } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { PaymentRegistryResponseDto, RegistryImportQuery } from './dto/payment-registry.dto';
import { PaymentRegistriesService } from './payment-registries.service';
import { PAYMENT_WRITERS } from './payments.controller';

/** Bank payment registries (docs/payment-registry-format.md). */
@ApiTags('payments')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/payment-registries')
export class PaymentRegistriesController {
  constructor(private readonly registries: PaymentRegistriesService) {}

  /**
   * Upload a registry file as the body (text/csv or text/plain; UTF-8 or Windows-1251, detected
   * from the bytes): good lines post, bad lines are rejected with their reason.
   */
  @Roles(...PAYMENT_WRITERS)
  @Post()
  @ApiConsumes('text/csv', 'text/plain')
  @ApiBody({
    schema: {
      type: 'string',
      example: 'ЛС;Период;Сумма;Дата;Номер\nЛС00000001;032025;1500,50;20.03.2025;SB-1\n=;1;1500.50\n',
    },
  })
  @ApiCreatedResponse({ type: PaymentRegistryResponseDto })
  import(
    @Body() body: unknown,
    @Req() req: Request & { rawBody?: Buffer },
    @Query() q: RegistryImportQuery,
    @CurrentPrincipal() by: Principal,
  ): Promise<PaymentRegistryResponseDto> {
    return this.registries.import(body, req.rawBody, q.fileName ?? null, by);
  }

  /** A registry's result with its per-line report. */
  @Roles(...READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<PaymentRegistryResponseDto> {
    return this.registries.get(p.id);
  }

  /** The per-line report as a CSV download (UTF-8, ';', decimal point). */
  @Roles(...READERS)
  @Get(':id/report.csv')
  @ApiProduces('text/csv')
  @ApiOkResponse({ schema: { type: 'string' } })
  @Header('Content-Type', 'text/csv; charset=utf-8')
  report(@Param() p: IdParam, @Res({ passthrough: true }) res: Response): Promise<string> {
    res.attachment(`payment-registry-${p.id}-report.csv`);
    return this.registries.reportCsv(p.id);
  }
}
