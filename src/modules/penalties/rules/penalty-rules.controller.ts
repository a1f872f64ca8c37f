import { Body, Controller, Delete, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { READERS, Role, Roles } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import {
  CreateKeyRateDto,
  CreateMoratoriumDto,
  CreateRateCapDto,
  KeyRateResponseDto,
  MoratoriumResponseDto,
  RateCapResponseDto,
  UpdateKeyRateDto,
  UpdateMoratoriumDto,
  UpdateRateCapDto,
} from './dto/rates.dto';
import {
  CalendarDayParam,
  CalendarDayResponseDto,
  CreateCalendarDayDto,
  CreateDueRuleDto,
  CreateFractionDto,
  DueRuleResponseDto,
  FractionResponseDto,
  ListCalendarQuery,
  UpdateCalendarDayDto,
  UpdateDueRuleDto,
  UpdateFractionDto,
} from './dto/schedule.dto';
import { PenaltyRulesService } from './penalty-rules.service';
import { PenaltyScheduleService } from './penalty-schedule.service';

/*
 * The penalty rules as data (ЖК РФ ст. 155 ч. 14): read by staff and auditors, changed by a
 * supervisor (admin always passes). Every change is audited; send `reason` in a PATCH body or the
 * X-Reason header.
 */

/** CBR key rates (the refinancing rate since 2016) by effective date. */
@ApiTags('penalty-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-rules/key-rates')
export class KeyRatesController {
  constructor(private readonly rules: PenaltyRulesService) {}

  @Roles(...READERS)
  @ApiOkResponse({ type: [KeyRateResponseDto] })
  @Get()
  list(): Promise<KeyRateResponseDto[]> {
    return this.rules.listKeyRates();
  }

  /** Add a key rate (409 KEY_RATE_EXISTS when one starts that day). */
  @Roles(Role.Supervisor)
  @Post()
  create(@Body() dto: CreateKeyRateDto): Promise<KeyRateResponseDto> {
    return this.rules.createKeyRate(dto);
  }

  /** Correct a key rate's date, value, confirmation or source. */
  @Roles(Role.Supervisor)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdateKeyRateDto): Promise<KeyRateResponseDto> {
    return this.rules.updateKeyRate(p.id, dto);
  }
}

/** Cap policy periods (decree 474 of 26.03.2022 and its extensions). */
@ApiTags('penalty-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-rules/caps')
export class RateCapsController {
  constructor(private readonly rules: PenaltyRulesService) {}

  @Roles(...READERS)
  @ApiOkResponse({ type: [RateCapResponseDto] })
  @Get()
  list(): Promise<RateCapResponseDto[]> {
    return this.rules.listCaps();
  }

  /** Add a cap period (409 PENALTY_CAP_OVERLAP). */
  @Roles(Role.Supervisor)
  @Post()
  create(@Body() dto: CreateRateCapDto): Promise<RateCapResponseDto> {
    return this.rules.createCap(dto);
  }

  /** Close (validTo) or correct a cap period. */
  @Roles(Role.Supervisor)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdateRateCapDto): Promise<RateCapResponseDto> {
    return this.rules.updateCap(p.id, dto);
  }
}

/** Moratoria: days on which no penalty accrues (decrees 424/2020, 497/2022). */
@ApiTags('penalty-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-rules/moratoria')
export class MoratoriaController {
  constructor(private readonly rules: PenaltyRulesService) {}

  @Roles(...READERS)
  @ApiOkResponse({ type: [MoratoriumResponseDto] })
  @Get()
  list(): Promise<MoratoriumResponseDto[]> {
    return this.rules.listMoratoria();
  }

  /** Add a moratorium (409 MORATORIUM_OVERLAP). */
  @Roles(Role.Supervisor)
  @Post()
  create(@Body() dto: CreateMoratoriumDto): Promise<MoratoriumResponseDto> {
    return this.rules.createMoratorium(dto);
  }

  /** Move the last day (validTo) or change the scope of a moratorium. */
  @Roles(Role.Supervisor)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdateMoratoriumDto): Promise<MoratoriumResponseDto> {
    return this.rules.updateMoratorium(p.id, dto);
  }
}

/** Share of the rate per delay day: days 1–30 free, 31–90 1/300, from 91 1/130. */
@ApiTags('penalty-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-rules/fractions')
export class FractionsController {
  constructor(private readonly schedule: PenaltyScheduleService) {}

  @Roles(...READERS)
  @ApiOkResponse({ type: [FractionResponseDto] })
  @Get()
  list(): Promise<FractionResponseDto[]> {
    return this.schedule.listFractions();
  }

  /** Add a fraction row (409 PENALTY_FRACTION_OVERLAP). */
  @Roles(Role.Supervisor)
  @Post()
  create(@Body() dto: CreateFractionDto): Promise<FractionResponseDto> {
    return this.schedule.createFraction(dto);
  }

  /** Change a row's last day or denominator. */
  @Roles(Role.Supervisor)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdateFractionDto): Promise<FractionResponseDto> {
    return this.schedule.updateFraction(p.id, dto);
  }
}

/** Due dates by billing period (10th of the next month up to February 2026, the 15th from March 2026). */
@ApiTags('penalty-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-rules/due-rules')
export class DueRulesController {
  constructor(private readonly schedule: PenaltyScheduleService) {}

  @Roles(...READERS)
  @ApiOkResponse({ type: [DueRuleResponseDto] })
  @Get()
  list(): Promise<DueRuleResponseDto[]> {
    return this.schedule.listDueRules();
  }

  /** Add a due-date rule for a range of periods (409 DUE_RULE_OVERLAP). */
  @Roles(Role.Supervisor)
  @Post()
  create(@Body() dto: CreateDueRuleDto): Promise<DueRuleResponseDto> {
    return this.schedule.createDueRule(dto);
  }

  /** Close (periodTo) or correct a due-date rule. */
  @Roles(Role.Supervisor)
  @Patch(':id')
  update(@Param() p: IdParam, @Body() dto: UpdateDueRuleDto): Promise<DueRuleResponseDto> {
    return this.schedule.updateDueRule(p.id, dto);
  }
}

/** Production calendar exceptions: holidays, transferred days off and working Saturdays. */
@ApiTags('penalty-rules')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/penalty-rules/calendar')
export class CalendarController {
  constructor(private readonly schedule: PenaltyScheduleService) {}

  /** Exceptions in day order, optionally of one year; days without a row are working Monday to Friday. */
  @Roles(...READERS)
  @ApiOkResponse({ type: [CalendarDayResponseDto] })
  @Get()
  list(@Query() q: ListCalendarQuery): Promise<CalendarDayResponseDto[]> {
    return this.schedule.listCalendar(q);
  }

  /** Add a day (409 CALENDAR_DAY_EXISTS; 422 CALENDAR_DAY_KIND_MISMATCH). */
  @Roles(Role.Supervisor)
  @Post()
  create(@Body() dto: CreateCalendarDayDto): Promise<CalendarDayResponseDto> {
    return this.schedule.createCalendarDay(dto);
  }

  @Roles(Role.Supervisor)
  @Patch(':day')
  update(@Param() p: CalendarDayParam, @Body() dto: UpdateCalendarDayDto): Promise<CalendarDayResponseDto> {
    return this.schedule.updateCalendarDay(p.day, dto);
  }

  /** Remove a day: it falls back to its weekday. Answers the removed row. */
  @Roles(Role.Supervisor)
  @Delete(':day')
  remove(@Param() p: CalendarDayParam): Promise<CalendarDayResponseDto> {
    return this.schedule.deleteCalendarDay(p.day);
  }
}
