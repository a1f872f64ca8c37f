import { parsePaymentQr } from '../qr/payment-qr.parse';
import { buildPaymentDocument, BuildPaymentDocumentParams } from './payment-document.build';
import { anAccountInputs, EXECUTOR } from './payment-document.fixtures';

const params = (o: Partial<BuildPaymentDocumentParams> = {}): BuildPaymentDocumentParams => ({
  inputs: anAccountInputs(),
  period: '2026-03',
  dueDate: '2026-04-15',
  notice: 'Передавайте показания до 25 числа.',
  number: '2026-000001',
  issuedOn: '2026-04-01',
  supersedes: null,
  ...o,
});

describe('buildPaymentDocument', () => {
  it('one row per service: individual and common-property apart, coefficient extra and recalculation', () => {
    const c = buildPaymentDocument(params());
    expect(
      c.services.map((s) => [
        s.serviceCode,
        s.kind,
        s.volume,
        s.tariff,
        s.chargedBase,
        s.coefficient,
        s.coefficientAmount,
        s.recalculated,
        s.total,
      ]),
    ).toEqual([
      ['cold_water', 'individual', '5.000', '50', '250.00', null, '0.00', '-25.50', '224.50'],
      ['cold_water_odn', 'common', '0.120', '50', '6.00', null, '0.00', '0.00', '6.00'],
      ['hot_water', 'individual', '6.000', '200', '1200.00', '1.5', '600.00', '0.00', '1800.00'],
      ['electricity', 'individual', '150.000', '1.936', '290.40', null, '0.00', '0.00', '290.40'],
    ]);
  });

  it('balance: opening debt + charges + extra + recalculation + penalty − payments', () => {
    const c = buildPaymentDocument(params());
    // 1000.00 + (250 + 6 + 1200 + 290.40) + 600 − 25.50 + 12.34 − 1000.00
    expect(c.balance).toEqual({
      openingDebt: '1000.00',
      charged: '1746.40',
      coefficientAmount: '600.00',
      recalculated: '-25.50',
      penalty: '12.34',
      paid: '1000.00',
      totalDue: '2333.24',
      dueDate: '2026-04-15',
    });
  });

  it('a section and QR per payee; the executor carries debt, payments and penalty', () => {
    const c = buildPaymentDocument(params());
    expect(c.payees.map((p) => [p.payee.organisationId, p.serviceCodes, p.charged, p.toPay])).toEqual([
      ['1', ['cold_water', 'cold_water_odn', 'hot_water'], '2030.50', '2042.84'],
      ['2', ['electricity'], '290.40', '290.40'],
    ]);
    expect(c.payees[0].qr).toBe(
      'ST00012|Name=ООО «УК Пример»|PersonalAcc=40702810000000000001|BankName=ПАО Банк|BIC=044525225' +
        '|CorrespAcc=30101810400000000225|PayeeINN=7700000000|KPP=770001001|Sum=204284|PersAcc=1000001' +
        '|PaymPeriod=032026|Purpose=ЖКУ за 03.2026, ЕПД № 2026-000001, л/с 1000001|LastName=Иванов' +
        '|PayerAddress=г. Москва, ул. Примерная, д. 1, кв. 5|TechCode=02',
    );
    const second = parsePaymentQr(c.payees[1].qr!);
    expect([second.name, second.sum, second.persAcc, second.fields.KPP]).toEqual([
      'АО «Энергосбыт»',
      '290.40',
      '1000001',
      undefined,
    ]);
  });

  it('an advance larger than the charges leaves Sum out of the executor QR', () => {
    const c = buildPaymentDocument(
      params({ inputs: anAccountInputs({ openingDebt: '-5000.00', suppliers: {} }) }),
    );
    expect(c.balance.totalDue).toBe('-3666.76');
    expect(c.payees).toHaveLength(1);
    expect(parsePaymentQr(c.payees[0].qr!).sum).toBeNull();
  });

  it('bad bank details give no QR and say why (the document is still built)', () => {
    const c = buildPaymentDocument(
      params({ inputs: anAccountInputs({ suppliers: {}, executor: { ...EXECUTOR, bic: '12345' } }) }),
    );
    expect(c.payees[0].qr).toBeNull();
    expect(c.payees[0].qrError).toBe('QR_FIELD_INVALID: BIC must be 9 digits');
  });

  it('lists the norms the charges used, and the payer as the form needs it', () => {
    const c = buildPaymentDocument(params());
    expect(c.norms).toEqual([
      {
        serviceCode: 'hot_water',
        serviceName: 'Горячее водоснабжение',
        value: '3',
        basis: 'per_person',
        unit: 'm3',
      },
    ]);
    expect(c.payer).toEqual({
      name: 'Иванов Иван Иванович',
      address: 'г. Москва, ул. Примерная, д. 1, кв. 5',
      premisesNumber: '5',
      area: '54.30',
      residents: 2,
    });
  });

  it('the content is plain JSON data: equal to what the database gives back (the worker renders it without reading it back)', () => {
    for (const c of [
      buildPaymentDocument(params()),
      buildPaymentDocument(params({ supersedes: { id: '7', number: '2026-000001', reason: 'Ошибка' } })),
      buildPaymentDocument(params({ number: null, issuedOn: null })),
      buildPaymentDocument(
        params({ inputs: anAccountInputs({ suppliers: {}, executor: { ...EXECUTOR, bic: '12345' } }) }),
      ),
    ]) {
      // toStrictEqual: no undefined properties, class instances (Decimal, Date) or other non-JSON values.
      expect(c).toStrictEqual(JSON.parse(JSON.stringify(c)));
    }
  });
});
