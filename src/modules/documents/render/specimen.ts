import { buildPaymentDocument } from '../domain/payment-document.build';
import { PayeeDetails, PaymentDocumentContent } from '../domain/payment-document.types';

const MANAGER: PayeeDetails = {
  organisationId: '0',
  name: 'ООО «Образец»',
  inn: '7701234567',
  kpp: '770101001',
  bankName: 'ПАО «Банк образца»',
  bic: '044525000',
  correspondentAccount: '30101810000000000000',
  settlementAccount: '40702810000000000000',
};

const POWER: PayeeDetails = {
  ...MANAGER,
  name: 'АО «Энергия образца»',
  inn: '7707654321',
  kpp: null,
  settlementAccount: '40702810999999999999',
};

/**
 * Made-up payment documents in the shape of a real one (two payees with QR codes, meters,
 * recalculations, several services), `n` of them with different numbers and amounts — what a
 * render thread draws once at start-up so the first documents of a batch do not pay for parsing the
 * fonts, encoding the seeded font programs and compiling the drawing code. Never stored.
 */
export function specimenContents(n: number): PaymentDocumentContent[] {
  return Array.from({ length: n }, (_, k) =>
    buildPaymentDocument({
      inputs: {
        accountId: String(k + 1),
        accountNumber: String(9000001 + k),
        holderName: 'Образцов Пётр Сергеевич',
        premisesNumber: String(10 + k),
        area: '61.20',
        residents: 3,
        buildingAddress: 'г. Образцовск, ул. Шаблонная, д. 7',
        executor: MANAGER,
        suppliers: { electricity: POWER },
        charges: [
          ['cold_water', 'Холодное водоснабжение', 'm3', 10, '4.000', '45.120000', `${180 + k}.48`],
          [
            'cold_water_odn',
            'Холодная вода на содержание общего имущества',
            'm3',
            15,
            '0.210',
            '45.120000',
            '9.48',
          ],
          ['heating', 'Отопление', 'Gcal', 30, '1.152000', '2718.400000', '3131.60'],
          ['electricity', 'Электроснабжение', 'kWh', 40, `${120 + k}.000`, '6.170000', '740.40'],
          ['maintenance', 'Содержание жилого помещения', 'm2', 50, '61.200', '32.500000', '1989.00'],
        ].map(([serviceCode, serviceName, unit, sortOrder, volume, tariff, amount]) => ({
          serviceCode: serviceCode as string,
          serviceName: serviceName as string,
          unit: unit as string,
          sortOrder: sortOrder as number,
          calculation: 'metered',
          method: 'metered',
          volume: volume as string,
          tariff: tariff as string,
          amount: amount as string,
          coefficient: null,
          coefficientAmount: '0.00',
          basis: {},
        })),
        recalculations: [
          {
            number: `ПР-${String(k + 1).padStart(8, '0')}`,
            serviceCode: 'cold_water',
            serviceName: 'Холодное водоснабжение',
            unit: 'm3',
            sortOrder: 10,
            calculation: 'metered',
            correctedPeriod: '2026-01',
            reason: 'Временное отсутствие (образец)',
            amount: '-12.30',
          },
        ],
        openingDebt: `${250 + k}.00`,
        importedInPeriod: '0.00',
        penalty: '3.21',
        payments: [{ paidOn: '2026-02-05', amount: '500.00', channel: 'bank' }],
        meters: [
          {
            serviceCode: 'cold_water',
            serviceName: 'Холодное водоснабжение',
            serialNumber: `ОБР-${k + 1}`,
            zone: 'T1',
            previous: { value: '210.000000', takenOn: '2026-01-20' },
            current: { value: '214.000000', takenOn: '2026-02-20' },
            nextVerificationOn: '2031-06-30',
          },
        ],
      },
      period: '2026-02',
      dueDate: '2026-03-10',
      notice: 'Образец уведомления: передавайте показания приборов учёта до 25 числа.',
      number: `2026-${String(k + 1).padStart(6, '0')}`,
      issuedOn: '2026-03-01',
      supersedes: null,
    }),
  );
}
