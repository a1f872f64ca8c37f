import { Dec, dec, roundMoney, toFixedString } from 'src/shared/money';
import { AccountInput, ChargeLine, ServiceDef } from './charge-inputs';
import { Ctx, Issue, Part } from './calc-context';
import { inForce } from './segments.calc';

interface Price {
  id: string;
  price: string;
  components?: Record<string, string>;
}

/**
 * The price per unit in force on a day: the service's own tariff (building scope first), or for
 * two-component hot water (formula 20) cold water per m³ + Gcal per m³ × the heat tariff, kept to
 * 6 decimals like any tariff; the line shows both components.
 */
export function priceOn(ctx: Ctx, code: string, zone: string | null, day: string): Price | undefined {
  if (code !== 'hot_water' || ctx.params.building.hotWaterMode !== 'two_component') {
    return inForce(ctx.tariffs.get(`${code}|${zone ?? ''}`) ?? [], day);
  }
  const cold = inForce(ctx.tariffs.get('cold_water|') ?? [], day);
  const heat = inForce(ctx.tariffs.get('heating|') ?? [], day);
  const q = ctx.params.building.hotWaterHeatPerM3;
  if (!cold || !heat || !q) return undefined;
  const price = twoComponentPrice({ coldWater: cold.price, heat: heat.price, heatPerM3: q });
  return {
    id: cold.id,
    price: toFixedString(price, 6),
    components: { coldWaterTariff: cold.price, heatTariff: heat.price, heatPerM3: q, heatTariffId: heat.id },
  };
}

/** Formula 20: price per m³ of hot water = cold water tariff + Gcal per m³ × heat tariff (unrounded). */
export function twoComponentPrice(p: { coldWater: string; heat: string; heatPerM3: string }): Dec {
  return dec(p.coldWater).plus(dec(p.heatPerM3).times(dec(p.heat)));
}

/** A tariff or coefficient literal parsed once per building (decimals are immutable, so shared). */
function decimalOf(ctx: Ctx, literal: string): Dec {
  let d = ctx.memo.decimals.get(literal);
  if (!d) {
    d = dec(literal);
    ctx.memo.decimals.set(literal, d);
  }
  return d;
}

/**
 * Prices each part at the tariff in force on its first day, with the increasing coefficient apart.
 * Completes each part's basis in place (segment, tariff, formula): the parts are built for this call.
 */
export function priceParts(
  service: ServiceDef,
  account: AccountInput,
  parts: Part[],
  ctx: Ctx,
  tariffCode = service.code,
): ChargeLine[] | Issue {
  const lines: ChargeLine[] = [];
  for (const q of parts) {
    const tariff = priceOn(ctx, tariffCode, q.zone, q.segment.from);
    if (!tariff) {
      return {
        issue: {
          code: 'NO_TARIFF',
          message: `no tariff for ${service.code}${q.zone ? ` zone ${q.zone}` : ''} in force on ${q.segment.from}`,
        },
      };
    }
    const k = q.coefficientCase
      ? inForce(ctx.coefficients.get(`${service.code}|${q.coefficientCase}`) ?? [], q.segment.from)
      : undefined;
    const price = decimalOf(ctx, tariff.price);
    const base = roundMoney(q.volume.times(price));
    const extra = k ? roundMoney(q.volume.times(price).times(decimalOf(ctx, k.value).minus(1))) : undefined;
    // Rounded values print with toFixed(2) as they are (moneyString would round them again).
    const amount = (extra ? base.plus(extra) : base).toFixed(2);
    const extraAmount = extra ? extra.toFixed(2) : '0.00';
    const volume = toFixedString(q.volume, service.volumeScale);
    // The part's basis is its own (every step builds a fresh one): completed in place, not copied.
    const basis = q.basis;
    basis.segment = {
      from: q.segment.from,
      to: q.segment.to,
      days: q.segment.days,
      daysInPeriod: ctx.daysInPeriod,
    };
    basis.tariffId = tariff.id;
    if (tariff.components) basis.twoComponents = tariff.components;
    if (k) basis.coefficient = { case: q.coefficientCase, value: k.value, extraAmount };
    basis.formula = `${volume} ${service.unit} × ${tariff.price}${k ? ` × ${k.value}` : ''} = ${amount}`;
    lines.push({
      accountId: account.accountId,
      serviceCode: service.code,
      zone: q.zone,
      part: q.part,
      method: q.method,
      volume,
      unit: service.unit,
      tariff: tariff.price,
      tariffId: tariff.id,
      coefficient: k ? k.value : null,
      coefficientAmount: extraAmount,
      amount,
      basis,
    });
  }
  return lines;
}
