import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { READERS, Role, Roles } from 'src/common/auth/roles';
import { NotFoundError } from 'src/common/errors/domain-error';
import { IdParam } from 'src/common/http/id-param';
import { dec, moneyString, sum, toFixedString } from 'src/shared/money';
import { AccountChargesDto, ChargeLineDto, ChargesQuery } from './dto/charge-line.dto';

interface LineRow {
  id: string;
  period: string;
  service_code: string;
  zone: string | null;
  part: number;
  method: string;
  volume: string;
  unit: string;
  tariff: string;
  coefficient: string | null;
  coefficient_amount: string;
  amount: string;
  basis: Record<string, unknown>;
  run_id: string;
  volume_scale: number;
}

/** Charge lines of an account, with the basis of each. */
@ApiTags('charges')
@ApiBearerAuth()
@ApiSecurity('api-key')
@Controller('api/v1/accounts')
export class ChargesController {
  constructor(private readonly db: DataSource) {}

  @Roles(...READERS, Role.SettlementCentre)
  @Get(':id/charges')
  async list(@Param() p: IdParam, @Query() q: ChargesQuery): Promise<AccountChargesDto> {
    const [account] = await this.db.query(`SELECT id FROM accounts WHERE id = $1`, [p.id]);
    if (!account) throw new NotFoundError('account', p.id);
    const rows: LineRow[] = await this.db.query(
      `SELECT c.*, s.volume_scale FROM charge_lines c JOIN services s ON s.code = c.service_code
        WHERE c.account_id = $1 AND ($2::date IS NULL OR c.period = $2::date)
        ORDER BY c.period, s.sort_order, c.zone NULLS FIRST, c.part`,
      [p.id, q.period ? `${q.period}-01` : null],
    );
    const lines = rows.map(toChargeLine);
    return { accountId: p.id, lines, total: moneyString(sum(lines.map((l) => dec(l.amount)))) };
  }
}

function toChargeLine(r: LineRow): ChargeLineDto {
  return {
    id: r.id,
    period: r.period.slice(0, 7),
    serviceCode: r.service_code,
    zone: r.zone,
    part: r.part,
    method: r.method,
    volume: toFixedString(dec(r.volume), r.volume_scale),
    unit: r.unit,
    tariff: r.tariff,
    coefficient: r.coefficient,
    coefficientAmount: r.coefficient_amount,
    amount: r.amount,
    basis: r.basis,
    runId: r.run_id,
  };
}
