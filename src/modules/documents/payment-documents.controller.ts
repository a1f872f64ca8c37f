import { Body, Controller, Get, HttpCode, Param, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { Matches } from 'class-validator';
import { Response } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { PageDto } from 'src/common/http/pagination';
import { PaymentDocumentContentDto } from './dto/payment-document-content.dto';
import {
  CorrectPaymentDocumentDto,
  CreateDocumentRunDto,
  DocumentRunDto,
  IssuePaymentDocumentDto,
  ListPaymentDocumentsQuery,
  PaymentDocumentDto,
  PaymentDocumentWithContentDto,
  PreviewPaymentDocumentQuery,
} from './dto/payment-document.dto';
import { ParsedPaymentQrDto, ParsePaymentQrDto } from './dto/payment-qr.dto';
import { PaymentDocumentsService } from './payment-documents.service';

class RunBuildingParam extends IdParam {
  /** Building id. */
  @Matches(/^[1-9]\d{0,17}$/, { message: 'buildingId must be an id' })
  buildingId!: string;
}

@ApiTags('payment-documents')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/payment-documents')
export class PaymentDocumentsController {
  constructor(private readonly documents: PaymentDocumentsService) {}

  /** The document an account would get for a period, as JSON; nothing is stored or numbered. */
  @Roles(...READERS)
  @Get('preview')
  @ApiOkResponse({ type: PaymentDocumentContentDto })
  preview(@Query() q: PreviewPaymentDocumentQuery): Promise<PaymentDocumentContentDto> {
    return this.documents.preview(q.accountId, q.period) as Promise<PaymentDocumentContentDto>;
  }

  /** Issues (numbers, freezes and renders) one account's document; 409 when one is current already. */
  @Roles(...STAFF)
  @Post()
  issue(
    @Body() dto: IssuePaymentDocumentDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<PaymentDocumentWithContentDto> {
    return this.documents.issue(dto.accountId, dto.period, by);
  }

  /** Reads a payment QR payload (case-insensitive field names) and matches PersAcc to an account. */
  @Roles(...STAFF, Role.SettlementCentre)
  @HttpCode(200)
  @Post('qr/parse')
  parseQr(@Body() dto: ParsePaymentQrDto): Promise<ParsedPaymentQrDto> {
    return this.documents.parseQr(dto.payload);
  }

  /** Issued documents, in id order. */
  @Roles(...READERS)
  @Get()
  @ApiOkResponse({ type: PageDto(PaymentDocumentDto) })
  list(@Query() q: ListPaymentDocumentsQuery) {
    return this.documents.list(q);
  }

  /** One document with its frozen content. */
  @Roles(...READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<PaymentDocumentWithContentDto> {
    return this.documents.get(p.id);
  }

  /** The stored PDF (byte-identical on every reprint); audited. */
  @Roles(...READERS)
  @Get(':id/pdf')
  @ApiProduces('application/pdf')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'The PDF file.' })
  async pdf(
    @Param() p: IdParam,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { pdf, fileName } = await this.documents.pdf(p.id, by);
    res.attachment(fileName).type('application/pdf');
    return new StreamableFile(pdf);
  }

  /** A correction: a new document from today's data that references and supersedes this one. */
  @Roles(Role.Supervisor, Role.Specialist)
  @Post(':id/corrections')
  correct(
    @Param() p: IdParam,
    @Body() dto: CorrectPaymentDocumentDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<PaymentDocumentWithContentDto> {
    return this.documents.correct(p.id, dto.reason, by);
  }
}

@ApiTags('payment-documents')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/document-runs')
export class DocumentRunsController {
  constructor(private readonly documents: PaymentDocumentsService) {}

  /** Batch issue for a period (all accounts, a building or a list), run by the worker; 202 with the run. */
  @Roles(...STAFF)
  @HttpCode(202)
  @Post()
  @ApiOkResponse({ type: DocumentRunDto })
  create(@Body() dto: CreateDocumentRunDto, @CurrentPrincipal() by: Principal): Promise<DocumentRunDto> {
    return this.documents.createRun(dto, by);
  }

  /** Progress: done/total, failures with reasons. */
  @Roles(...READERS)
  @Get(':id')
  get(@Param() p: IdParam): Promise<DocumentRunDto> {
    return this.documents.getRun(p.id);
  }

  /** The building's documents of the run's period as one ZIP; audited. */
  @Roles(...READERS)
  @Get(':id/buildings/:buildingId/zip')
  @ApiProduces('application/zip')
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' }, description: 'ZIP of PDF files.' })
  async zip(
    @Param() p: RunBuildingParam,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    const { stream, fileName } = await this.documents.zip(p.id, p.buildingId, by);
    res.attachment(fileName).type('application/zip');
    return new StreamableFile(stream);
  }
}
