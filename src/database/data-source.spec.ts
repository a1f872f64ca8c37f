import { dataSourceOptions, nameDatabaseSessions } from './data-source';

const applicationName = (): unknown =>
  (dataSourceOptions('postgres://u@127.0.0.1/db') as { extra: { application_name: unknown } }).extra
    .application_name;

describe('database session names', () => {
  afterEach(() => nameDatabaseSessions('abonent'));

  it("names the API's sessions 'abonent', and the worker's apart once it says so at start", () => {
    expect(applicationName()).toBe('abonent');
    nameDatabaseSessions('abonent-worker');
    expect(applicationName()).toBe('abonent-worker');
  });
});
