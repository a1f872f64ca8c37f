import { Body, Controller, Get, Headers, Param, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { AuditedRequest } from 'src/common/audit/audit.interceptor';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import {
  AccountPaymentsQuery,
  CreatePaymentDto,
  PaymentResponseDto,
  ReversePaymentDto,
} from './dto/payment.dto';
import { PaymentsService } from './payments.service';

/** Who may post payments and registries: staff, and the settlement centre (a machine client). */
export const PAYMENT_WRITERS = [...STAFF, Role.SettlementCentre];

@ApiTags('payments')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1')
export class PaymentsController {
  constructor(private readonly payments: PaymentsService) {}

  /**
   * Record a payment and allocate it. Idempotency-Key is required: the same key and body answer the
   * original answer again (same status and body); the same key with another body gets 422. The
   * audit entry of a new payment is written in the payment's own transaction.
   */
  @Roles(...PAYMENT_WRITERS)
  @ApiHeader({
    name: 'Idempotency-Key',
    required: true,
    description: 'A unique key per payment, e.g. a UUID.',
  })
  @ApiCreatedResponse({ type: PaymentResponseDto })
  @Post('payments')
  create(
    @Body() dto: CreatePaymentDto,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
    @Req() req: AuditedRequest,
  ): Promise<PaymentResponseDto> {
    return this.payments.create(dto, key, by, req.audit).then((a) => (res.status(a.status), a.body));
  }

  /** A payment with its allocation rows. */
  @Roles(...READERS)
  @Get('payments/:id')
  get(@Param() p: IdParam): Promise<PaymentResponseDto> {
    return this.payments.get(p.id);
  }

  /** Reverse a payment (a negative payment linked to it; the original stays). The reason is mandatory. */
  @Roles(...STAFF)
  @ApiCreatedResponse({ type: PaymentResponseDto, description: 'The reversal.' })
  @Post('payments/:id/reverse')
  reverse(
    @Param() p: IdParam,
    @Body() dto: ReversePaymentDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<PaymentResponseDto> {
    return this.payments.reverse(p.id, dto, by);
  }

  /** Payments of an account with their allocation rows, keyset-paginated in id order. */
  @Roles(...READERS)
  @ApiOkResponse({ type: PageDto(PaymentResponseDto) })
  @Get('accounts/:id/payments')
  list(@Param() p: IdParam, @Query() q: AccountPaymentsQuery): Promise<Page<PaymentResponseDto>> {
    return this.payments.listByAccount(p.id, q);
  }
}
