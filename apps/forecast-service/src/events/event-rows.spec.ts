import { readEventRows } from './event-rows';

describe('events file', () => {
  it('reads name, week and an optional region or store, with any delimiter and header case', async () => {
    expect(await readEventRows('Name;Week;Store\ntown_fair;2026-06-01;S1\ntown_fair;2027-05-31;S1\n')).toEqual({
      problems: [],
      rows: [
        { line: 2, name: 'town_fair', week: '2026-06-01', region: null, store: 'S1' },
        { line: 3, name: 'town_fair', week: '2027-05-31', region: null, store: 'S1' },
      ],
    });
  });

  it('names every bad row by line and column', async () => {
    const read = await readEventRows('name,week,region,store\nTown Fair,2026-06-01,,\nfair,2026-06-02,North,\nfair,2026-06-01,North,S1\nfair,2026-06-01\n');
    expect(read).toEqual({
      rows: [],
      problems: [
        { line: 2, column: 'name', value: 'Town Fair', reason: 'expected lower case letters, digits and _ (a driver name), starting with a letter' },
        { line: 3, column: 'week', value: '2026-06-02', reason: '2026-06-02 is not a Monday (weeks are named by their Monday)' },
        { line: 4, column: 'region', value: 'North', reason: 'give a region or a store, not both (neither: the whole chain)' },
        { line: 5, column: '*', value: 'fair,2026-06-01', reason: 'expected 4 fields, found 2' },
      ],
    });
    expect(await readEventRows('name,day\nfair,2026-06-01\n')).toMatchObject({ problems: [{ line: 1, column: '*', reason: expect.stringContaining('Unrecognised column(s) in the header: "day"') }] });
    expect(await readEventRows('name,week\n')).toMatchObject({ problems: [{ reason: 'the file has a header but no rows' }] });
  });
});
