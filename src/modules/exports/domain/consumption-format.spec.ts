import {
  csvField,
  csvHeader,
  csvLine,
  csvReadings,
  csvRecalculations,
  jsonLine,
  xmlRow,
  xmlText,
} from './consumption-format';
import { ConsumptionRow } from './consumption-row.build';

const row = (o: Partial<ConsumptionRow> = {}): ConsumptionRow => ({
  period: '2026-03',
  accountId: '11',
  accountNumber: 'ЛС-0001',
  buildingId: '2',
  premisesId: '5',
  premisesNumber: '1',
  holderName: null,
  address: null,
  serviceCode: 'electricity',
  deleted: false,
  unit: 'kWh',
  method: 'metered',
  residents: 2,
  area: '54.30',
  volume: '180.750',
  volumeT1: '120.500',
  volumeT2: '60.250',
  volumeT3: null,
  tariff: '7.120000/2.840000',
  amount: '1029.07',
  readings: [
    {
      meter: 'SN-7',
      zone: 'T1',
      previous: '1000',
      previousOn: '2026-02-20',
      current: '1120.5',
      currentOn: '2026-03-20',
      currentChannel: 'subscriber',
      previousChannel: 'specialist',
    },
  ],
  recalculated: null,
  recalculations: [],
  ...o,
});

const delta = {
  number: 'ПР-00000007',
  kind: 'manual',
  reason: 'акт 12, п. 3 | счётчик',
  postingPeriod: '2026-04',
  zone: 'T1',
  volumeDelta: '-10.5',
  amountDelta: '-74.76',
};

describe('CSV', () => {
  it.each([
    ['plain text stays', 'ЛС-0001', 'ЛС-0001'],
    ['separator quotes', 'a;b', '"a;b"'],
    ['quotes doubled', 'ООО "Ромашка"', '"ООО ""Ромашка"""'],
    ['line break quotes', 'a\nb', '"a\nb"'],
  ])('%s', (_n, value, expected) => {
    expect(csvField(value)).toBe(expected);
  });

  it('writes the documented header and one line per row, decimal point, CRLF', () => {
    expect(csvHeader()).toBe(
      'period;account_number;account_id;building_id;premises_id;premises_number;holder_name;address;' +
        'service_code;unit;method;residents;area;volume;volume_t1;volume_t2;volume_t3;tariff;amount;readings;' +
        'recalculated;recalculations\r\n',
    );
    expect(csvLine(row())).toBe(
      '2026-03;ЛС-0001;11;2;5;1;;;electricity;kWh;metered;2;54.30;180.750;120.500;60.250;;' +
        '7.120000/2.840000;1029.07;SN-7|T1|1000|2026-02-20|1120.5|2026-03-20|subscriber|specialist;;\r\n',
    );
  });

  it('percent-encodes the cell separators inside a serial number', () => {
    const r = row().readings[0];
    expect(
      csvReadings([
        { ...r, meter: 'A|B,C%' },
        { ...r, zone: 'T2', previous: null, previousOn: null, previousChannel: null },
      ]),
    ).toBe(
      'A%7CB%2CC%25|T1|1000|2026-02-20|1120.5|2026-03-20|subscriber|specialist,SN-7|T2|||1120.5|2026-03-20|subscriber|',
    );
  });

  it('writes the recalculation deltas with their reasons, separators encoded', () => {
    expect(csvRecalculations([delta, { ...delta, zone: null, amountDelta: '12.00' }])).toBe(
      'ПР-00000007|manual|2026-04|T1|-10.5|-74.76|акт 12%2C п. 3 %7C счётчик,' +
        'ПР-00000007|manual|2026-04||-10.5|12.00|акт 12%2C п. 3 %7C счётчик',
    );
    expect(
      csvLine(row({ recalculated: '-74.76', recalculations: [delta] })).endsWith(
        ';-74.76;ПР-00000007|manual|2026-04|T1|-10.5|-74.76|акт 12%2C п. 3 %7C счётчик\r\n',
      ),
    ).toBe(true);
  });
});

describe('JSON Lines', () => {
  it('is one JSON object and a line feed', () => {
    const line = jsonLine(row({ holderName: 'Иванов И. И.' }));
    expect(line.endsWith('}\n')).toBe(true);
    expect(JSON.parse(line)).toMatchObject({ holderName: 'Иванов И. И.', volumeT3: null });
  });
});

describe('XML', () => {
  it('escapes markup and drops characters XML 1.0 forbids', () => {
    expect(xmlText(`<a href="x">&'\u0001`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;');
  });

  it('omits null elements and writes readings as attributes', () => {
    expect(xmlRow(row({ address: 'г. Москва, ул. Ленина, д. 1 & 2, кв. 1' }))).toBe(
      '<row><period>2026-03</period><accountNumber>ЛС-0001</accountNumber><accountId>11</accountId>' +
        '<buildingId>2</buildingId><premisesId>5</premisesId><premisesNumber>1</premisesNumber>' +
        '<address>г. Москва, ул. Ленина, д. 1 &amp; 2, кв. 1</address><serviceCode>electricity</serviceCode>' +
        '<unit>kWh</unit><method>metered</method><residents>2</residents><area>54.30</area>' +
        '<volume>180.750</volume><volumeT1>120.500</volumeT1><volumeT2>60.250</volumeT2>' +
        '<tariff>7.120000/2.840000</tariff><amount>1029.07</amount><readings>' +
        '<reading meter="SN-7" zone="T1" previous="1000" previousOn="2026-02-20" current="1120.5" currentOn="2026-03-20"' +
        ' currentChannel="subscriber" previousChannel="specialist"/>' +
        '</readings></row>\n',
    );
  });

  it('writes the recalculated sum and the deltas after the readings', () => {
    expect(xmlRow(row({ readings: [], recalculated: '-74.76', recalculations: [delta] }))).toContain(
      '<amount>1029.07</amount><recalculated>-74.76</recalculated><recalculations>' +
        '<recalculation number="ПР-00000007" kind="manual" postingPeriod="2026-04" zone="T1" volumeDelta="-10.5"' +
        ' amountDelta="-74.76" reason="акт 12, п. 3 | счётчик"/></recalculations></row>\n',
    );
  });
});
