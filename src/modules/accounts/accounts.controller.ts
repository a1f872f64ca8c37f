import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal } from 'src/common/auth/principal.decorator';
import { Principal, READERS, Role, Roles, STAFF } from 'src/common/auth/roles';
import { IdParam } from 'src/common/http/id-param';
import { Page, PageDto } from 'src/common/http/pagination';
import { AccountsService } from './accounts.service';
import {
  AccountResponseDto,
  AddResidentsDto,
  CloseAccountDto,
  CreateAccountDto,
  ListAccountsQuery,
  ResidentsEntryResponseDto,
  UpdateAccountDto,
} from './dto/account.dto';

const ACCOUNT_READERS = [...READERS, Role.SettlementCentre];

/**
 * Personal accounts (лицевые счета). holderName is null for callers without access to personal
 * data (the settlement centre, unless its API key has pii:read).
 */
@ApiTags('accounts')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/accounts')
export class AccountsController {
  constructor(private readonly accounts: AccountsService) {}

  @Roles(...STAFF)
  @Post()
  create(@Body() dto: CreateAccountDto, @CurrentPrincipal() by: Principal): Promise<AccountResponseDto> {
    return this.accounts.create(dto, by);
  }

  /** Accounts filtered by building, premises, number or status, keyset-paginated. */
  @Roles(...ACCOUNT_READERS)
  @ApiOkResponse({ type: PageDto(AccountResponseDto) })
  @Get()
  list(@Query() q: ListAccountsQuery, @CurrentPrincipal() by: Principal): Promise<Page<AccountResponseDto>> {
    return this.accounts.list(q, by);
  }

  @Roles(...ACCOUNT_READERS)
  @Get(':id')
  get(@Param() p: IdParam, @CurrentPrincipal() by: Principal): Promise<AccountResponseDto> {
    return this.accounts.get(p.id, by);
  }

  @Roles(...STAFF)
  @Patch(':id')
  update(
    @Param() p: IdParam,
    @Body() dto: UpdateAccountDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AccountResponseDto> {
    return this.accounts.update(p.id, dto, by);
  }

  /** Close the account from a date (its last day). */
  @Roles(...STAFF)
  @Post(':id/close')
  @HttpCode(200)
  close(
    @Param() p: IdParam,
    @Body() dto: CloseAccountDto,
    @CurrentPrincipal() by: Principal,
  ): Promise<AccountResponseDto> {
    return this.accounts.close(p.id, dto, by);
  }

  /** Residents history, oldest first. */
  @Roles(...ACCOUNT_READERS)
  @Get(':id/residents')
  residents(@Param() p: IdParam): Promise<ResidentsEntryResponseDto[]> {
    return this.accounts.residents(p.id);
  }

  /** Record a new number of residents from a date; answers with the whole history. */
  @Roles(...STAFF)
  @Post(':id/residents')
  addResidents(@Param() p: IdParam, @Body() dto: AddResidentsDto): Promise<ResidentsEntryResponseDto[]> {
    return this.accounts.addResidents(p.id, dto);
  }
}
