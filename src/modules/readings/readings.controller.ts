import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import {
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
import { ReadingImportQuery, ReadingImportResponseDto } from './dto/reading-import.dto';
import {
  ReadingListResponseDto,
  ReadingsQuery,
  ReadingSubmissionResponseDto,
  SubmitReadingDto,
} from './dto/readings.dto';
import { ReadingImportService } from './reading-import.service';
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
    private readonly imports: ReadingImportService,
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
   * meter_id or serial_number + service_code, zone, value, taken_on, optional channel).
   */
  @Roles(...READING_WRITERS)
  @Post('readings/import')
  @ApiConsumes('text/csv')
  @ApiBody({
    schema: { type: 'string', example: 'meter_id;zone;value;taken_on\n42;T1;123,456;2025-03-20\n' },
  })
  import(
    @Body() body: unknown,
    @Query() q: ReadingImportQuery,
    @CurrentPrincipal() by: Principal,
  ): Promise<ReadingImportResponseDto> {
    return this.imports.import(body, q.fileName ?? null, by.name);
  }
}
