import { applyDecorators, Controller, Get, Query, Res, Type } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiExtraModels,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiSecurity,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import { Response } from 'express';
import { Role, Roles } from 'src/common/auth/roles';
import { ApiJsonOrCsv } from 'src/common/http/json-or-csv';
import {
  chargesByReasonCsv,
  collectionRateCsv,
  collectionRateSvg,
  debtAgeingCsv,
  debtAgeingSvg,
  meterVerificationCsv,
} from './domain/report-files.build';
import { ChargesByReasonQuery, ChargesByReasonResponseDto } from './dto/charges-by-reason.dto';
import { CollectionRateQuery, CollectionRateResponseDto } from './dto/collection-rate.dto';
import { DebtAgeingQuery, DebtAgeingResponseDto } from './dto/debt-ageing.dto';
import { MeterVerificationQuery, MeterVerificationResponseDto } from './dto/meter-verification.dto';
import { AGEING_DEFINITION, COLLECTION_RATE_DEFINITION, ReportsService } from './reports.service';

/** The head of the service (supervisor) and auditors read the reports; admin always may. */
const REPORT_READERS = [Role.Supervisor, Role.Auditor];

/** OpenAPI for a report answered as JSON, CSV or an SVG chart. */
function ApiJsonCsvOrSvg(dto: Type<unknown>): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(dto),
    ApiProduces('application/json', 'text/csv', 'image/svg+xml'),
    ApiOkResponse({
      content: {
        'application/json': { schema: { $ref: getSchemaPath(dto) } },
        'text/csv': { schema: { type: 'string' } },
        'image/svg+xml': { schema: { type: 'string' } },
      },
    }),
  );
}

/** Sends a file answer (CSV or SVG) with its type and file name; JSON goes through Nest as usual. */
function file(res: Response, name: string, format: 'csv' | 'svg', body: string): string {
  res
    .attachment(`${name}.${format}`)
    .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'image/svg+xml; charset=utf-8');
  return body;
}

/** Reports for the head of the service (issue 7 §3): aggregates only, no personal data. */
@ApiTags('reports')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Roles(...REPORT_READERS)
@Controller('api/v1/reports')
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  /** Collection rate (уровень собираемости) per billing period and building, service or organisation. */
  @Get('collection-rate')
  @ApiOperation({ description: `Definition: ${COLLECTION_RATE_DEFINITION}` })
  @ApiJsonCsvOrSvg(CollectionRateResponseDto)
  async collectionRate(
    @Query() q: CollectionRateQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CollectionRateResponseDto | string> {
    const r = await this.reports.collectionRate(q);
    const name = `collection-rate-${q.from}-${q.to}`;
    if (q.format === 'csv') return file(res, name, 'csv', collectionRateCsv(r));
    return q.format === 'svg' ? file(res, name, 'svg', collectionRateSvg(r)) : r;
  }

  /** Unpaid principal by age past the due date (0–30, 31–90, 91–180, 181–365, > 365 days) on a date. */
  @Get('debt-ageing')
  @ApiOperation({ description: `Definition: ${AGEING_DEFINITION}` })
  @ApiJsonCsvOrSvg(DebtAgeingResponseDto)
  async debtAgeing(
    @Query() q: DebtAgeingQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<DebtAgeingResponseDto | string> {
    const r = await this.reports.debtAgeing(q);
    const name = `debt-ageing-${r.asOf}`;
    if (q.format === 'csv') return file(res, name, 'csv', debtAgeingCsv(r));
    return q.format === 'svg' ? file(res, name, 'svg', debtAgeingSvg(r)) : r;
  }

  /** Charges by method, recalculations by kind and reason code, and penalty lines, per period and service. */
  @Get('charges-by-reason')
  @ApiJsonOrCsv(ChargesByReasonResponseDto)
  async chargesByReason(
    @Query() q: ChargesByReasonQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ChargesByReasonResponseDto | string> {
    const r = await this.reports.chargesByReason(q);
    return q.format === 'csv'
      ? file(res, `charges-by-reason-${q.from}-${q.to}`, 'csv', chargesByReasonCsv(r))
      : r;
  }

  /** Active meters whose verification is overdue or ends within N days, per building. */
  @Get('meter-verification')
  @ApiJsonOrCsv(MeterVerificationResponseDto)
  async meterVerification(
    @Query() q: MeterVerificationQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<MeterVerificationResponseDto | string> {
    const r = await this.reports.meterVerification(q);
    return q.format === 'csv' ? file(res, `meter-verification-${r.asOf}`, 'csv', meterVerificationCsv(r)) : r;
  }
}
