import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiOkResponse,
  ApiSecurity,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { ReadingImportJobDto, ReadingImportQuery, ReadingImportResponseDto } from './dto/reading-import.dto';
import { ReadingImportJobsService } from './import-jobs/reading-import-jobs.service';
import {
  ReadingListResponseDto,
  ReadingsQuery,
  ReadingSubmissionResponseDto,
  SubmitReadingDto,
} from './dto/readings.dto';
import { ReadingsService } from './readings.service';

/** Who may submit readings: staff, and the settlement centre (its API keys pass readings on). */
export const READING_WRITERS = [Role.Supervisor, Role.Specialist, Role.SettlementCentre];
/** Who may read meters and readings. */
export const READING_READERS = [Role.Supervisor, Role.Specialist, Role.Auditor, Role.SettlementCentre];

@ApiTags('readings')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1')
export class ReadingsController {
  constructor(
    private readonly readings: ReadingsService,
    private readonly imports: ReadingImportJobsService,
  ) {}

  /** Submit one day's readings of a meter (all zones): 201 when stored, 200 when the same values were already stored. */
  @Roles(...READING_WRITERS)
  @ApiCreatedResponse({ type: ReadingSubmissionResponseDto, description: 'Stored now.' })
  @ApiOkResponse({
    type: ReadingSubmissionResponseDto,
    description: 'The same values were already stored (nothing changed).',
  })
  @Post('meters/:id/readings')
  submit(
    @Param() p: IdParam,
    @Body() dto: SubmitReadingDto,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReadingSubmissionResponseDto> {
    return this.readings.submit(p.id, dto, by.name).then((r) => (res.status(r.created ? 201 : 200), r));
  }

  /** Readings of a meter, optionally between two days (inclusive), with the consumption since the previous one. */
  @Roles(...READING_READERS)
  @Get('meters/:id/readings')
  list(@Param() p: IdParam, @Query() q: ReadingsQuery): Promise<ReadingListResponseDto> {
    return this.readings.list(p.id, q);
  }

  /**
   * Import readings from a CSV body (Content-Type text/csv; ';' or ',' separated; header columns
   * meter_id or serial_number + service_code, zone, value, taken_on, optional channel). Up to
   * READINGS_IMPORT_ASYNC_LINES data lines: imported now (201, per-line results); more: queued as a
   * job (202) whose progress GET /readings/import-jobs/{id} shows.
   */
  @Roles(...READING_WRITERS)
  @Post('readings/import')
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'meter_id;zone;value;taken_on\n42;T1;123,456;2025-03-20\n' },
  })
  @ApiCreatedResponse({ type: ReadingImportResponseDto, description: 'Imported now, with per-line results.' })
  @ApiAcceptedResponse({ type: ReadingImportJobDto, description: 'A large file: queued as an import job.' })
  async import(
    @Body() body: unknown,
    @Query() q: ReadingImportQuery,
    @CurrentPrincipal() by: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<ReadingImportResponseDto | ReadingImportJobDto> {
    const answer = await this.imports.importOrQueue(body, q.fileName ?? null, by.name);
    if (answer.kind === 'done') return answer.result;
    res.status(202);
    return answer.job;
  }

  /** Progress of a queued import: lines done of total, accepted, unchanged, rejected; the import id once completed. */
  @Roles(...READING_WRITERS, Role.Auditor)
  @Get('readings/import-jobs/:id')
  importJob(@Param() p: IdParam): Promise<ReadingImportJobDto> {
    return this.imports.get(p.id);
  }

  /** A finished import with its per-line results (synchronous or queued). */
  @Roles(...READING_WRITERS, Role.Auditor)
  @Get('readings/imports/:id')
  importResult(@Param() p: IdParam): Promise<ReadingImportResponseDto> {
    return this.imports.result(p.id);
  }
}
