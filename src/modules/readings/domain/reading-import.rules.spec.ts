import {
  checkImportLine,
  detectDelimiter,
  groupImportLines,
  ImportLine,
  parseReadingsCsv,
} from './reading-import.rules';

const LINE: ImportLine = {
  line: 2,
  meterId: '5',
  serialNumber: null,
  accountNumber: null,
  serviceCode: null,
  zone: 'T1',
  value: '1.000',
  takenOn: '2025-03-20',
  channel: 'file_import',
};

describe('parseReadingsCsv', () => {
  it('reads a ;-separated file with decimal commas, a BOM, CRLF and empty lines, numbering physical lines', () => {
    const csv = '\uFEFFmeter_id;zone;value;taken_on\r\n5;T1;123,456;2025-03-20\r\n\r\n5;t2;7;2025-03-20\r\n';
    expect(parseReadingsCsv(csv)).toEqual([
      { ...LINE, value: '123.456' },
      { ...LINE, line: 4, zone: 'T2', value: '7' },
    ]);
  });

  it('reads a ,-separated file by serial number with a channel column', () => {
    const csv =
      'Serial_Number,service_code,zone,value,taken_on,channel\nA-1,cold_water,T1,"10.5",2025-03-20,subscriber\n';
    expect(parseReadingsCsv(csv)).toEqual([
      {
        ...LINE,
        meterId: null,
        serialNumber: 'A-1',
        serviceCode: 'cold_water',
        value: '10.5',
        channel: 'subscriber',
      },
    ]);
  });

  it.each([
    ['no meter reference', 'zone;value;taken_on\nT1;1;2025-03-20\n'],
    ['no value column', 'meter_id;zone;taken_on\n5;T1;2025-03-20\n'],
    ['serial without service', 'serial_number;zone;value;taken_on\nA;T1;1;2025-03-20\n'],
    ['account without service', 'account_number;zone;value;taken_on\nA;T1;1;2025-03-20\n'],
  ])('refuses a header with %s (IMPORT_HEADER_INVALID)', (_name, csv) => {
    expect(() => parseReadingsCsv(csv)).toThrow(expect.objectContaining({ code: 'IMPORT_HEADER_INVALID' }));
  });

  it('reads a settlement-centre file by account number', () => {
    const [line] = parseReadingsCsv(
      'account_number;service_code;zone;value;taken_on\nЛС1;gas;t1;5;2025-03-20\n',
    );
    expect(line).toMatchObject({
      meterId: null,
      serialNumber: null,
      accountNumber: 'ЛС1',
      serviceCode: 'gas',
      zone: 'T1',
    });
  });

  it('refuses unreadable CSV (IMPORT_NOT_CSV)', () => {
    expect(() => parseReadingsCsv('meter_id;zone;value;taken_on\n5;T1;"1;2025-03-20\n')).toThrow(
      expect.objectContaining({ code: 'IMPORT_NOT_CSV' }),
    );
  });

  it.each([
    ['a;b;c,d', ';'],
    ['a,b,c;d', ','],
    ['a', ','],
  ])('detects the delimiter of "%s" as "%s"', (header, delimiter) =>
    expect(detectDelimiter(`${header}\n`)).toBe(delimiter),
  );
});

describe('checkImportLine', () => {
  it.each<[string, Partial<ImportLine>, string | undefined]>([
    ['a good line', {}, undefined],
    ['a line by serial number', { meterId: null, serialNumber: 'A', serviceCode: 'gas' }, undefined],
    ['a line by account number', { meterId: null, accountNumber: 'ЛС1', serviceCode: 'gas' }, undefined],
    ['an account without a service', { meterId: null, accountNumber: 'ЛС1' }, 'IMPORT_LINE_INVALID'],
    ['a bad meter id', { meterId: 'x1' }, 'IMPORT_LINE_INVALID'],
    ['no meter at all', { meterId: null, serialNumber: 'A' }, 'IMPORT_LINE_INVALID'],
    ['an empty zone', { zone: '' }, 'IMPORT_LINE_INVALID'],
    ['a bad date', { takenOn: '20.03.2025' }, 'READING_DATE_INVALID'],
    ['an unknown channel', { channel: 'pigeon' }, 'READING_CHANNEL_INVALID'],
  ])('%s → %s', (_name, o, code) => expect(checkImportLine({ ...LINE, ...o })?.code).toBe(code));
});

describe('groupImportLines', () => {
  it('groups the zones of one meter and day; the first line names the channel', () => {
    const groups = groupImportLines([
      { line: LINE, meterId: '5' },
      { line: { ...LINE, line: 3, zone: 'T2', value: '2', channel: 'subscriber' }, meterId: '5' },
      { line: { ...LINE, line: 4, takenOn: '2025-04-20' }, meterId: '5' },
    ]);
    expect(groups).toEqual([
      expect.objectContaining({
        meterId: '5',
        takenOn: '2025-03-20',
        channel: 'file_import',
        values: { T1: '1.000', T2: '2' },
      }),
      expect.objectContaining({ meterId: '5', takenOn: '2025-04-20', values: { T1: '1.000' } }),
    ]);
  });

  it('refuses a group that gives a zone twice', () => {
    const [group] = groupImportLines([
      { line: LINE, meterId: '5' },
      { line: { ...LINE, line: 3 }, meterId: '5' },
    ]);
    expect(group).toMatchObject({ meterId: '5', refusal: { code: 'READING_ZONE_DUPLICATE' } });
  });
});
